import { DEFAULT_KEYMAP, type Editor, MAX_BRUSH_SIZE, MIN_BRUSH_SIZE, TOOL_NAMES, type ToolName } from "../../editor";
import type { EditorSnapshot } from "./useEditor";

export const TOOL_LABELS: Record<ToolName, { icon: string; short: string; label: string }> = {
  brush: { icon: "●", short: "Brush", label: "Brush" },
  eraser: { icon: "⌫", short: "Eraser", label: "Eraser" },
  pen: { icon: "✎", short: "Pen", label: "Pen: click for straight, drag for freehand" },
  polygon: { icon: "⬠", short: "Polygon", label: "Polygon" },
  fill: { icon: "◍", short: "Fill", label: "Bucket fill" },
  wand: { icon: "✦", short: "Wand", label: "Magic wand" },
  proposals: { icon: "▦", short: "Proposals", label: "Proposals (segment everything): click an outlined object to make it an object of the current class" },
  segment: { icon: "◎", short: "Auto", label: "Auto-segment: drag a box or click the object, Shift+click the background, Shift+S scribbles, Enter accepts" },
};

/** The key a DEFAULT_KEYMAP action is bound to, for tooltips. */
export function keyFor(action: string): string {
  return DEFAULT_KEYMAP.find((b) => b.action === action)?.chord ?? "";
}

/** Tools, brush size, over/behind, zoom, overlay opacity and outline-only. */
export function ToolPanel({ editor, snapshot }: { editor: Editor; snapshot: EditorSnapshot }) {
  const { tool, history, zoom, view } = snapshot;
  const sized = tool.tool === "brush" || tool.tool === "eraser" || tool.tool === "segment";
  return (
    <aside className="label-tools" data-testid="label-tools" aria-label="Tools">
      <div className="tool-group" role="radiogroup" aria-label="Tool">
        {TOOL_NAMES.map((name) => (
          <button
            key={name}
            type="button"
            role="radio"
            aria-checked={tool.tool === name}
            className={`tool-btn${tool.tool === name ? " active" : ""}`}
            data-testid={`tool-${name}`}
            title={`${TOOL_LABELS[name].label} (${keyFor(`tool.${name}`).toUpperCase()})`}
            onClick={() => editor.setTool(name)}
          >
            <span aria-hidden="true">{TOOL_LABELS[name].icon}</span>
            <span className="tool-name">{TOOL_LABELS[name].short}</span>
          </button>
        ))}
      </div>

      <label className="tool-field" title={sized ? "Brush size, also the auto-segment scribble width ([ and ])" : "Brush size: for brush, eraser and auto-segment scribbles"}>
        <span>Size {tool.brushSize}</span>
        <input
          type="range"
          min={MIN_BRUSH_SIZE}
          max={100}
          value={Math.min(100, tool.brushSize)}
          data-testid="brush-size"
          onChange={(e) => editor.setBrushSize(Number(e.target.value))}
        />
        <input
          type="number"
          min={MIN_BRUSH_SIZE}
          max={MAX_BRUSH_SIZE}
          value={tool.brushSize}
          aria-label="Brush size in pixels"
          onChange={(e) => editor.setBrushSize(Number(e.target.value))}
        />
      </label>

      <div className="tool-field" title="Draw over other objects (take their pixels) or behind them (only unlabeled pixels) (O)">
        <span>Draw</span>
        <div className="segmented" role="radiogroup" aria-label="Border mode">
          {(["over", "behind"] as const).map((mode) => (
            <button key={mode} type="button" role="radio" aria-checked={tool.borderMode === mode} className={tool.borderMode === mode ? "active" : ""} data-testid={`mode-${mode}`} onClick={() => editor.setBorderMode(mode)}>
              {mode}
            </button>
          ))}
        </div>
      </div>

      <div className="tool-row">
        <button type="button" className="tool-mini" disabled={!history.canUndo} onClick={() => editor.undo()} title="Undo (Ctrl+Z)" data-testid="undo">
          ↶
        </button>
        <button type="button" className="tool-mini" disabled={!history.canRedo} onClick={() => editor.redo()} title="Redo (Ctrl+Shift+Z)" data-testid="redo">
          ↷
        </button>
      </div>

      <div className="tool-field">
        <span>Zoom {Math.round(zoom.scale * 100)}%</span>
        <div className="tool-row">
          <button type="button" className="tool-mini" onClick={() => editor.zoomOut()} title="Zoom out (-)" data-testid="zoom-out">
            −
          </button>
          <button type="button" className="tool-mini" onClick={() => editor.zoomIn()} title="Zoom in (+)" data-testid="zoom-in">
            +
          </button>
        </div>
        <div className="tool-row">
          <button type="button" className="tool-mini" onClick={() => editor.fit()} title="Fit the image (0)" data-testid="zoom-fit">
            Fit
          </button>
          <button type="button" className="tool-mini" onClick={() => editor.oneToOne()} title="One image pixel per screen pixel (Shift+0)" data-testid="zoom-1to1">
            1:1
          </button>
        </div>
      </div>

      <label className="tool-field" title="Mask opacity">
        <span>Opacity {Math.round(view.opacity * 100)}%</span>
        <input type="range" min={0} max={100} value={Math.round(view.opacity * 100)} data-testid="opacity" onChange={(e) => editor.setOpacity(Number(e.target.value) / 100)} />
      </label>
      <label className="tool-check" title="Outline-only view (L)">
        <input type="checkbox" checked={view.outlineOnly} data-testid="outline-only" onChange={(e) => editor.setOutlineOnly(e.target.checked)} />
        Outlines
      </label>
    </aside>
  );
}
