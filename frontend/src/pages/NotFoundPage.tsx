import { Link } from "../lib/router";
import { paths } from "../lib/routes";

export function NotFoundPage() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        <Link to={paths.projects()}>Back to projects</Link>
      </p>
    </div>
  );
}
