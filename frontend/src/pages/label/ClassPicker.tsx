import { useState } from "react";
import type { Editor, OntologyClass } from "../../editor";

/** The class new objects get: keys 1-9 for the first nine, a search box for the rest. */
export function ClassPicker({ editor, classes, activeClassId }: { editor: Editor; classes: readonly OntologyClass[]; activeClassId: number | null }) {
  const [query, setQuery] = useState("");
  const needle = query.trim().toLowerCase();
  const shown = classes
    .map((cls, position) => ({ cls, position }))
    .filter(({ cls }) => !needle || cls.name.toLowerCase().includes(needle));

  return (
    <section className="label-section" data-testid="class-picker">
      <h3>Class</h3>
      {classes.length > 9 && (
        <input
          type="search"
          className="class-search"
          placeholder="Search classes…"
          value={query}
          data-testid="class-search"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && shown.length > 0) {
              editor.setClass(shown[0].cls.id);
              setQuery("");
              e.currentTarget.blur();
            } else if (e.key === "Escape") {
              setQuery("");
              e.currentTarget.blur();
            }
          }}
        />
      )}
      <ul className="class-list" role="listbox" aria-label="Class for new objects">
        {shown.map(({ cls, position }) => (
          <li key={cls.id} role="presentation">
            <button
              type="button"
              role="option"
              aria-selected={cls.id === activeClassId}
              className={`class-option${cls.id === activeClassId ? " active" : ""}`}
              data-testid="class-option"
              data-class-id={cls.id}
              onClick={() => editor.setClass(cls.id)}
            >
              <span className="class-swatch" style={{ background: cls.color }} />
              <span className="class-name">{cls.name}</span>
              {cls.kind === "stuff" && <span className="muted small">stuff</span>}
              {position < 9 && <kbd>{position + 1}</kbd>}
            </button>
          </li>
        ))}
        {shown.length === 0 && <li role="presentation" className="muted small">No class matches “{query}”.</li>}
      </ul>
    </section>
  );
}
