// The consensus panel's pure parts: its keys, which are live, and where a pick moves on to.
// No DOM, no React: tested in node like reviewShortcuts.
import type { ConsensusAsset } from "../../api/workflowTypes";
import { keyActionIn, type ReviewKeyEvent } from "./reviewShortcuts";

/** label.N shows the N-th label (1-based, as listed); choose picks the shown one; next moves on without one. */
export type ConsensusAction = `label.${number}` | "choose" | "next";

export interface ConsensusKeyBinding {
  readonly chord: string;
  readonly action: ConsensusAction;
  readonly description: string;
}

/** Labels 1..9 have a key; a consensus rarely collects more. */
export const MAX_LABEL_KEYS = 9;

export const CONSENSUS_KEYMAP: readonly ConsensusKeyBinding[] = [
  ...Array.from({ length: MAX_LABEL_KEYS }, (_, i) => ({
    chord: String(i + 1),
    action: `label.${i + 1}` as const,
    description: `Show label ${i + 1}`,
  })),
  { chord: "c", action: "choose", description: "Choose the shown label as the image's answer" },
  { chord: "n", action: "next", description: "Next image, choosing nothing" },
];

export interface ConsensusKeyState {
  readonly helpOpen: boolean;
  /** How many labels the open image has (0: none open). */
  readonly labels: number;
  /** 0-based index of the label shown. */
  readonly shown: number;
  /** A pick is being sent. */
  readonly busy: boolean;
  /** The shown label is the caller's own: nobody settles in their own favour. */
  readonly ownShown: boolean;
}

/** The actions whose controls are enabled now; the keys of the others do nothing. */
export function enabledConsensusActions(state: ConsensusKeyState): Set<ConsensusAction> {
  const enabled = new Set<ConsensusAction>();
  if (state.helpOpen || state.labels === 0) return enabled;
  for (let i = 0; i < Math.min(state.labels, MAX_LABEL_KEYS); i++) if (i !== state.shown) enabled.add(`label.${i + 1}`);
  if (!state.busy) {
    enabled.add("next");
    if (!state.ownShown) enabled.add("choose");
  }
  return enabled;
}

export function consensusKeyAction(event: ReviewKeyEvent, enabled: ReadonlySet<ConsensusAction>): ConsensusAction | null {
  return keyActionIn(CONSENSUS_KEYMAP, new Set(), event, enabled);
}

/** The 0-based label index of a label.N action. */
export function labelIndexOf(action: ConsensusAction): number | null {
  const m = /^label\.(\d+)$/.exec(action);
  return m ? Number(m[1]) - 1 : null;
}

/** The image to open after `current` (picked or passed over): the one listed after it, else the first other one. */
export function nextAsset(list: readonly ConsensusAsset[], current: number): number | null {
  const i = list.findIndex((a) => a.asset === current);
  const after = list.slice(i + 1).find((a) => a.asset !== current) ?? list.find((a) => a.asset !== current);
  return after?.asset ?? null;
}

/** An agreement as a percentage, "–" when the label was not scored. */
export function formatAgreement(agreement: number | null): string {
  return agreement === null ? "–" : `${Math.round(agreement * 100)}%`;
}
