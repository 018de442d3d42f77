import { DEFAULT_KEYMAP } from "../../editor";
import { prettyChord, shortcutRows } from "./shortcuts";

const MOUSE = [
  ["Left drag", "Paint with the active tool (auto-segment: draw a box)"],
  ["Click (auto-segment)", "Mark the object"],
  ["Shift / Alt + click, right-click (auto-segment)", "Mark the background"],
  ["Right / middle drag, Space + drag", "Pan"],
  ["Wheel", "Zoom at the cursor"],
  ["Double-click", "Close the pen / polygon path"],
];

/** `?`: every keyboard shortcut of the editor's DEFAULT_KEYMAP, plus mouse gestures. */
export function HelpOverlay({ onClose }: { onClose(): void }) {
  const rows = shortcutRows(DEFAULT_KEYMAP);
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
              {MOUSE.map(([k, d]) => (
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
