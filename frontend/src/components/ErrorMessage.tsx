import { errorMessages } from "../api/errors";

/** Shows an error's detail and per-field messages; renders nothing for no error. */
export function ErrorMessage({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) return null;
  const msgs = errorMessages(error);
  return (
    <div className="alert alert-error" role="alert" data-testid="error">
      {msgs.length === 1 ? (
        <span>{msgs[0]}</span>
      ) : (
        <ul>
          {msgs.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      {onDismiss && (
        <button type="button" className="alert-close" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
