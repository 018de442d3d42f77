import { useRef, useState } from "react";
import { completeMention, mentionQuery } from "./threadText";

/** A textarea that offers the project's members after an @ (click or Tab takes the first). */
export function MentionInput({ value, onChange, names, placeholder, testId, label }: {
  value: string;
  onChange(text: string): void;
  names: readonly string[];
  placeholder: string;
  testId: string;
  label: string;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const query = mentionQuery(value, caret);
  const offered = query === null ? [] : names.filter((n) => n.toLowerCase().startsWith(query.toLowerCase())).slice(0, 6);
  const take = (name: string) => {
    const done = completeMention(value, caret, name);
    onChange(done.text);
    setCaret(done.caret);
    requestAnimationFrame(() => ref.current?.setSelectionRange(done.caret, done.caret));
    ref.current?.focus();
  };
  return (
    <div className="mention-input">
      <textarea
        ref={ref}
        rows={2}
        value={value}
        aria-label={label}
        placeholder={placeholder}
        data-testid={testId}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={(e) => {
          e.stopPropagation(); // typing here never reaches the editor's shortcuts
          if (e.key === "Tab" && offered.length > 0) {
            e.preventDefault();
            take(offered[0]);
          }
        }}
      />
      {offered.length > 0 && (
        <ul className="mention-offers" aria-label="Members">
          {offered.map((n) => (
            <li key={n}>
              <button type="button" className="link-btn" onMouseDown={(e) => e.preventDefault()} onClick={() => take(n)}>
                @{n}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
