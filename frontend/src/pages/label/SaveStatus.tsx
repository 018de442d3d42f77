import { useEffect, useState } from "react";
import type { SaveState } from "./saver";

function secondsUntil(t: number | null): number {
  return t === null ? 0 : Math.max(0, Math.ceil((t - Date.now()) / 1000));
}

function timeOf(t: number | null): string {
  return t === null ? "" : new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** What the server holds, in words: saved, saving, retrying in n s, conflict, rejected with the server's reasons. */
export function SaveStatus({ state, draftError }: { state: SaveState | null; draftError: string | null }) {
  const [, tick] = useState(0);
  const retrying = state?.phase === "retrying";
  useEffect(() => {
    if (!retrying) return;
    const id = window.setInterval(() => tick((n) => n + 1), 1000);
    return () => window.clearInterval(id);
  }, [retrying]);
  if (!state) return null;

  let text: string;
  switch (state.phase) {
    case "saved":
      text = state.labelId === null ? "Not saved yet" : `Saved${state.serverStatus === "submitted" ? " · submitted" : ""} ${timeOf(state.lastSavedAt)}`;
      break;
    case "unsaved":
      text = "Unsaved changes";
      break;
    case "saving":
      text = "Saving…";
      break;
    case "retrying":
      text = `Save failed, retrying in ${secondsUntil(state.retryAt)} s (kept on this computer)`;
      break;
    case "conflict":
      text = "Someone saved a newer version";
      break;
    case "invalid":
      text = "The server refused the label";
      break;
    case "failed":
      text = "Not saved (kept on this computer)";
      break;
  }
  const problem = state.phase === "retrying" || state.phase === "invalid" || state.phase === "failed" || state.phase === "conflict";
  return (
    <div className={`save-status save-${state.phase}`} data-testid="save-status" data-phase={state.phase} role="status" aria-live="polite">
      <span className="save-dot" aria-hidden="true" />
      <span>{text}</span>
      {state.revision !== null && <span className="muted small"> · rev {state.revision}</span>}
      {problem && state.messages.length > 0 && (
        <ul className="save-messages" data-testid="save-messages">
          {state.messages.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      {draftError && <div className="save-messages">Local draft not kept: {draftError}</div>}
    </div>
  );
}
