import type { ImagePoint } from "../core/geometry";
import { paintOp } from "../core/paintPolicy";
import { type ProposalInput, proposalAt, proposalsFromMasks } from "../core/proposalSet";
import type { SegmentProposal } from "../core/segmentProposal";
import type { PaintTarget, PointerModifiers, Tool, ToolHost } from "./tool";

/** Screen pixels the pointer may move while pressed and still click. */
const CLICK_SLOP_PX = 4;

/** What the UI shows of the proposals: how many are left and the one under the pointer. */
export interface ProposalsState {
  /** False until the app handed proposals over (setProposals), true after, even when none are left. */
  readonly loaded: boolean;
  readonly count: number;
  readonly hovered: { readonly score: number; readonly area: number } | null;
}

/** The proposals tool's drawing: every proposal's outline, faint, and the hovered one filled. */
export interface ProposalsPreview {
  readonly kind: "proposals";
  readonly proposals: readonly SegmentProposal[];
  readonly hovered: SegmentProposal | null;
}

/** What only the proposals tool needs beyond the generic host. */
export interface ProposalHost extends ToolHost {
  /** A new object of the active class (not the selected one); null without an active class. */
  newObjectTarget(): PaintTarget | null;
}

export interface ProposalSink {
  changed(state: ProposalsState): void;
}

/**
 * Segment everything: the app hands over the image's class-free proposals
 * (setProposals); the tool outlines them, highlights the one under the
 * pointer, and a click paints it into a new object of the active class
 * (Shift+click: into the selected object) with the border mode, as one undo
 * entry. Proposals are never in the label or in undo until clicked; a clicked
 * proposal leaves the overlay (setProposals again brings all back).
 */
export class ProposalTool implements Tool {
  readonly name = "proposals";
  private proposals: readonly SegmentProposal[] = [];
  private loaded = false;
  private hovered = -1;
  private press: { readonly at: ImagePoint; readonly add: boolean; moved: boolean } | null = null;

  constructor(
    private readonly host: ProposalHost,
    private readonly sink: ProposalSink,
  ) {}

  get busy(): boolean {
    return this.press !== null;
  }

  get state(): ProposalsState {
    const hovered = this.proposals[this.hovered];
    return { loaded: this.loaded, count: this.proposals.length, hovered: hovered ? { score: hovered.score, area: hovered.region.area } : null };
  }

  /** The image's proposals, best first; null forgets them (another image, or not computed yet). */
  setProposals(inputs: readonly ProposalInput[] | null): void {
    const { width, height } = this.host.document.map;
    this.proposals = inputs ? proposalsFromMasks(inputs, width, height) : [];
    this.loaded = inputs !== null;
    this.hovered = -1;
    this.changed();
  }

  pointerDown(p: ImagePoint, modifiers: PointerModifiers = {}): void {
    this.press = { at: p, add: modifiers.shift === true, moved: false };
  }

  pointerMove(p: ImagePoint): void {
    if (this.press && !this.press.moved) {
      const slop = CLICK_SLOP_PX * this.host.imagePixelsPerScreenPixel();
      this.press.moved = Math.hypot(p.x - this.press.at.x, p.y - this.press.at.y) > slop;
    }
    const hovered = proposalAt(this.proposals, p);
    if (hovered === this.hovered) return;
    this.hovered = hovered;
    this.changed();
  }

  pointerUp(p: ImagePoint): void {
    const press = this.press;
    this.press = null;
    if (!press || press.moved) return;
    this.accept(proposalAt(this.proposals, p), press.add);
  }

  /** Paint proposal `index` as one undo entry; false when there is none or nothing to paint with. */
  accept(index: number, addToSelected = false): boolean {
    const proposal = this.proposals[index];
    if (!proposal) return false;
    const selected = addToSelected ? this.host.paintTarget() : null;
    const target = selected ?? this.host.newObjectTarget();
    if (!target) return false; // no class to create an object of: keep the proposal
    this.proposals = this.proposals.filter((_, i) => i !== index);
    this.hovered = -1;
    this.host.document.paintRegion(proposal.region, paintOp(target.index, this.host.borderMode), "proposal", target.created);
    this.changed();
    return true;
  }

  doubleClick(): void {}

  commit(): void {}

  cancel(): boolean {
    const pressed = this.press !== null;
    this.press = null;
    return pressed;
  }

  preview(): ProposalsPreview {
    return { kind: "proposals", proposals: this.proposals, hovered: this.proposals[this.hovered] ?? null };
  }

  private changed(): void {
    this.host.previewChanged();
    this.sink.changed(this.state);
  }
}
