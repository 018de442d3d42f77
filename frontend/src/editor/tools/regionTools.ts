import type { ImagePoint } from "../core/geometry";
import { paintOp } from "../core/paintPolicy";
import type { Region } from "../core/region";
import { sameLabelRegion, similarColorRegion } from "../core/regionOps";
import { type Tool, type ToolHost, pixelOf } from "./tool";
import type { ToolPreview } from "./previews";

/** Tools that fill a whole region with one click: bucket fill and magic wand. */
abstract class ClickFillTool implements Tool {
  abstract readonly name: "fill" | "wand";
  readonly busy = false;

  constructor(protected readonly host: ToolHost) {}

  protected abstract regionAt(x: number, y: number, targetIndex: number): Region | null;

  pointerDown(p: ImagePoint): void {
    const { x, y } = pixelOf(p);
    const { map } = this.host.document;
    if (x < 0 || y < 0 || x >= map.width || y >= map.height) return;
    const target = this.host.paintTarget();
    if (!target) return;
    const region = this.regionAt(x, y, target.index);
    const label = this.name === "fill" ? "bucket fill" : "magic wand";
    if (region && region.area > 0) {
      this.host.document.paintRegion(region, paintOp(target.index, this.host.borderMode), label, target.created);
    } else {
      for (const command of [...target.created].reverse()) command.undo();
    }
  }

  pointerMove(): void {}
  pointerUp(): void {}
  doubleClick(): void {}
  commit(): void {}

  cancel(): boolean {
    return false;
  }

  preview(): ToolPreview {
    return { kind: "none" };
  }
}

/** Bucket fill: the connected area with the clicked pixel's label (4-connected flood fill on the label map). */
export class BucketFillTool extends ClickFillTool {
  readonly name = "fill";

  protected regionAt(x: number, y: number, targetIndex: number): Region | null {
    const { map } = this.host.document;
    if (map.get(x, y) === targetIndex) return null;
    return sameLabelRegion(map, x, y);
  }
}

/** Magic wand: the connected area of similar colour in the image (tolerance per RGB channel). */
export class MagicWandTool extends ClickFillTool {
  readonly name = "wand";

  protected regionAt(x: number, y: number): Region | null {
    const image = this.host.imagePixels();
    if (!image) return null;
    return similarColorRegion(image, x, y, this.host.wandTolerance);
  }
}
