import { Component, type ReactNode } from "react";

/** A render error in the editor UI shows a message instead of a blank page; the draft is in local storage. */
export class LabelErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page" role="alert" data-testid="label-crash">
        <div className="alert alert-error">The editor hit an error: {this.state.error.message}</div>
        <p className="muted">Your unsaved work is kept on this computer and comes back when you reload.</p>
        <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
          Reload the editor
        </button>
      </div>
    );
  }
}
