import { BrushTool } from "./brushTool";
import { PathTool } from "./pathTool";
import { BucketFillTool, MagicWandTool } from "./regionTools";
import { type ProposalHost, type ProposalSink, ProposalTool } from "./proposalTool";
import { SegmentTool } from "./segmentTool";
import type { SegmentSink } from "./segmentTypes";
import type { Tool, ToolName } from "./tool";

export type Tools = Record<Exclude<ToolName, "segment" | "proposals">, Tool> & { readonly segment: SegmentTool; readonly proposals: ProposalTool };

/** Every tool on the one generic host; auto-segment and proposals also get their own sink (and proposals its own host). */
export function createTools(host: ProposalHost, segmentSink: SegmentSink, proposalSink: ProposalSink): Tools {
  return {
    brush: new BrushTool(host, false),
    eraser: new BrushTool(host, true),
    pen: new PathTool(host, true),
    polygon: new PathTool(host, false),
    fill: new BucketFillTool(host),
    wand: new MagicWandTool(host),
    segment: new SegmentTool(host, segmentSink),
    proposals: new ProposalTool(host, proposalSink),
  };
}
