import { BrushTool } from "./brushTool";
import { PathTool } from "./pathTool";
import { BucketFillTool, MagicWandTool } from "./regionTools";
import { SegmentTool } from "./segmentTool";
import type { Tool, ToolHost, ToolName } from "./tool";

export function createTools(host: ToolHost): Record<Exclude<ToolName, "segment">, Tool> & { segment: SegmentTool } {
  return {
    brush: new BrushTool(host, false),
    eraser: new BrushTool(host, true),
    pen: new PathTool(host, true),
    polygon: new PathTool(host, false),
    fill: new BucketFillTool(host),
    wand: new MagicWandTool(host),
    segment: new SegmentTool(host),
  };
}
