import type { AttributeValue, Label, OntologyClass } from "../../api/types";

interface Props {
  label: Label;
  classes: ReadonlyMap<number, OntologyClass>;
  hidden: ReadonlySet<number>;
  onToggle: (index: number) => void;
  onHover: (index: number) => void;
}

function showValue(value: AttributeValue): string {
  if (value === null || value === undefined || value === "") return "—";
  return Array.isArray(value) ? value.join(", ") || "—" : String(value);
}

/** The label's objects: class, attributes, area; hover highlights one, the eye hides it. */
export function ObjectPanel({ label, classes, hidden, onToggle, onHover }: Props) {
  const classifications = Object.entries(label.classifications ?? {});
  return (
    <div className="rv-object-panel">
      {label.objects.length === 0 && <div className="muted small">This label has no objects.</div>}
      <ul className="rv-object-list" data-testid="review-objects" onMouseLeave={() => onHover(-1)}>
        {label.objects.map((o, i) => {
          const cls = classes.get(o.class);
          const attrs = Object.entries(o.attributes ?? {});
          return (
            <li
              key={o.id ?? i}
              className={`rv-object-row${hidden.has(i) ? " rv-object-row-hidden" : ""}`}
              data-testid="review-object"
              onMouseEnter={() => onHover(i)}
            >
              <div className="rv-object-row-head">
                <span className="class-swatch" style={{ background: cls?.color ?? "#a0a0a0" }} />
                <span className="rv-object-name">
                  {i + 1}. {cls?.name ?? `class ${o.class}`}
                </span>
                <span className="muted small">{o.area.toLocaleString()} px</span>
                <button
                  type="button"
                  className="btn btn-sm btn-ghost btn-icon"
                  aria-label={hidden.has(i) ? "Show object" : "Hide object"}
                  title={hidden.has(i) ? "Show" : "Hide"}
                  onClick={() => onToggle(i)}
                >
                  {hidden.has(i) ? "○" : "●"}
                </button>
              </div>
              {attrs.length > 0 && (
                <dl className="rv-object-attrs">
                  {attrs.map(([k, v]) => (
                    <div key={k}>
                      <dt>{k}</dt>
                      <dd>{showValue(v)}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          );
        })}
      </ul>
      {classifications.length > 0 && (
        <>
          <h3 className="rv-object-panel-sub">Image classifications</h3>
          <dl className="kv">
            {classifications.map(([k, v]) => (
              <div key={k} style={{ display: "contents" }}>
                <dt>{k}</dt>
                <dd>{showValue(v)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </div>
  );
}
