import type { Label, OntologyClass } from "../../api/types";
import { formatDate } from "../../lib/format";

interface Props {
  current: Label;
  classes: readonly OntologyClass[];
  mineObjects: number;
  onKeepMine(): void;
  onTakeTheirs(): void;
}

/** 409: someone saved a newer revision. Show it and let the user keep theirs or take the newer one. */
export function ConflictDialog({ current, classes, mineObjects, onKeepMine, onTakeTheirs }: Props) {
  const names = new Map(classes.map((c) => [c.id, c.name]));
  const perClass = new Map<string, number>();
  for (const o of current.objects) {
    const name = names.get(o.class) ?? `class ${o.class}`;
    perClass.set(name, (perClass.get(name) ?? 0) + 1);
  }
  return (
    <div className="label-modal-backdrop">
      <div className="label-modal" role="alertdialog" aria-modal="true" aria-labelledby="conflict-title" data-testid="conflict-dialog">
        <h2 id="conflict-title">This label was changed meanwhile</h2>
        <p>
          <strong>{current.author.username}</strong>&apos;s label is now at revision <strong>{current.revision}</strong> ({current.status}), saved{" "}
          {formatDate(current.updated_at)}. Your edit started from an older revision.
        </p>
        <table className="conflict-table">
          <tbody>
            <tr>
              <th>Newer revision</th>
              <td>
                {current.objects.length} object(s)
                {perClass.size > 0 && ": " + [...perClass].map(([n, c]) => `${n} × ${c}`).join(", ")}
              </td>
            </tr>
            <tr>
              <th>Yours</th>
              <td>{mineObjects} object(s)</td>
            </tr>
          </tbody>
        </table>
        <div className="label-modal-actions">
          <button type="button" className="btn btn-primary" data-testid="conflict-keep-mine" onClick={onKeepMine}>
            Keep mine (save over revision {current.revision})
          </button>
          <button type="button" className="btn" data-testid="conflict-take-theirs" onClick={onTakeTheirs}>
            Take theirs (drop my changes)
          </button>
        </div>
      </div>
    </div>
  );
}
