import { useState, type FormEvent } from "react";
import { createProject, listProjects } from "../api/projects";
import type { Project } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { Pagination } from "../components/Pagination";
import { Spinner } from "../components/Spinner";
import { formatDate } from "../lib/format";
import { useAsync } from "../lib/hooks";
import { Link, navigate, setSearchParams, useLocation } from "../lib/router";
import { paths } from "../lib/routes";

export function ProjectListPage() {
  const { search } = useLocation();
  const page = Math.max(1, Number(search.get("page")) || 1);
  const projects = useAsync((signal) => listProjects(page, signal), [page]);
  const [showCreate, setShowCreate] = useState(false);

  const data = projects.data;

  return (
    <div className="page">
      <div className="page-head">
        <h1>Projects</h1>
        <button type="button" className="btn btn-primary" data-testid="new-project" onClick={() => setShowCreate((v) => !v)}>
          {showCreate ? "Cancel" : "New project"}
        </button>
      </div>
      {showCreate && (
        <CreateProjectForm
          onCreated={(p) => {
            setShowCreate(false);
            navigate(paths.project(p.id));
          }}
        />
      )}
      <ErrorMessage error={projects.error} />
      {projects.loading && !data && <Spinner />}
      {data && data.results.length === 0 && (
        <div className="empty">No projects yet. Create one to start uploading images.</div>
      )}
      {data && data.results.length > 0 && (
        <div className="project-grid">
          {data.results.map((p) => (
            <ProjectCard key={p.id} project={p} />
          ))}
        </div>
      )}
      {data && (
        <Pagination
          page={page}
          count={data.count}
          pageLength={data.results.length}
          hasNext={!!data.next}
          hasPrevious={!!data.previous}
          onPage={(p) => setSearchParams({ page: p > 1 ? p : null })}
        />
      )}
    </div>
  );
}

function ProjectCard({ project }: { project: Project }) {
  return (
    <Link to={paths.project(project.id)} className="card project-card" data-testid="project-card" data-project-id={project.id}>
      <div className="project-card-head">
        <span className="project-name">{project.name}</span>
        {project.my_role && <span className={`badge badge-role`}>{project.my_role}</span>}
      </div>
      {project.description && <p className="project-desc">{project.description}</p>}
      <div className="project-meta">
        <span>{project.asset_count} images</span>
        <span>{formatDate(project.created_at)}</span>
      </div>
    </Link>
  );
}

function CreateProjectForm({ onCreated }: { onCreated: (p: Project) => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await createProject({ name: name.trim(), description }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form-card" onSubmit={submit} data-testid="create-project-form">
      <h2>New project</h2>
      <ErrorMessage error={error} />
      <label className="field">
        <span>Name</span>
        <input data-testid="project-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </label>
      <label className="field">
        <span>Description</span>
        <textarea data-testid="project-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="project-create-submit" disabled={busy || !name.trim()}>
          {busy ? "Creating…" : "Create project"}
        </button>
      </div>
    </form>
  );
}
