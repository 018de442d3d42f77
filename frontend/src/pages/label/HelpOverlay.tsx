import "../../styles/label.css";
import { DEFAULT_KEYMAP } from "../../editor";
import { prettyChord, shortcutRows, type ShortcutBinding } from "./shortcuts";

/** A gesture, or a key in some context, and what it does: the overlay's second column. */
export type HelpNote = readonly [string, string];

export const MOUSE: readonly HelpNote[] = [
  ["Left drag", "Paint with the active tool (auto-segment: draw a box, or a scribble in scribble mode)"],
  ["Click (auto-segment)", "Mark the object"],
  ["Shift / Alt + click, right-click (auto-segment)", "Mark the background"],
  ["Shift / Alt + drag (auto-segment, scribble mode)", "Scribble over the background"],
  ["Right / middle drag, Space + drag", "Pan"],
  ["Wheel", "Zoom at the cursor"],
  ["Double-click", "Close the pen / polygon path"],
];

interface Props {
  onClose(): void;
  /** The keys listed; the editor's DEFAULT_KEYMAP unless a page passes its own. */
  keymap?: readonly ShortcutBinding[];
  /** The second column; the editor's mouse gestures by default. */
  notes?: readonly HelpNote[];
}

/** `?`: every keyboard shortcut of a key map (the editor's by default), plus mouse gestures. */
export function HelpOverlay({ onClose, keymap = DEFAULT_KEYMAP, notes = MOUSE }: Props) {
  const rows = shortcutRows(keymap);
  return (
    <div className="label-modal-backdrop" onClick={onClose}>
      <div className="label-modal label-help" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help-overlay" onClick={(e) => e.stopPropagation()}>
        <h2 id="help-title">Keyboard shortcuts</h2>
        <div className="help-columns">
          <table>
            <tbody>
              {rows.map((r) => (
                <tr key={r.description}>
                  <td>
                    {r.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && " / "}
                        <kbd>{k === "1 … 9" ? k : prettyChord(k)}</kbd>
                      </span>
                    ))}
                  </td>
                  <td>{r.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <tbody>
              {notes.map(([k, d]) => (
                <tr key={k}>
                  <td>
                    <kbd>{k}</kbd>
                  </td>
                  <td>{d}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="button" className="btn" onClick={onClose} data-testid="help-close">
          Close (Esc)
        </button>
      </div>
    </div>
  );
}
