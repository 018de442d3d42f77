import { BrushTool } from "./brushTool";
import { PathTool } from "./pathTool";
import { BucketFillTool, MagicWandTool } from "./regionTools";
import { SegmentTool } from "./segmentTool";
import type { SegmentSink } from "./segmentTypes";
import type { Tool, ToolHost, ToolName } from "./tool";

export type Tools = Record<Exclude<ToolName, "segment">, Tool> & { readonly segment: SegmentTool };

/** Every tool on the one generic host; auto-segment also gets its own sink for requests and state. */
export function createTools(host: ToolHost, segmentSink: SegmentSink): Tools {
  return {
    brush: new BrushTool(host, false),
    eraser: new BrushTool(host, true),
    pen: new PathTool(host, true),
    polygon: new PathTool(host, false),
    fill: new BucketFillTool(host),
    wand: new MagicWandTool(host),
    segment: new SegmentTool(host, segmentSink),
  };
}
