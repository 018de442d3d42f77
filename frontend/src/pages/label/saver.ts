// Saving a label: autosave after changes, submit, retry with backoff, 409 and 400 handling.
// Pure of React and the DOM: transport, clock, timers and draft storage are injected.
import { ApiError } from "../../api/errors";
import type { Label, LabelInput, LabelStatus, LabelUpdate } from "../../api/types";
import type { Draft } from "./drafts";

/** Autosave this long after the last change. */
export const AUTOSAVE_DELAY_MS = 5_000;
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

export type SavePhase =
  | "saved" // the server has everything
  | "unsaved" // changes not sent yet (autosave pending)
  | "saving"
  | "retrying" // a request failed for a passing reason; retried after retryAt
  | "conflict" // 409: someone saved a newer revision; the user chooses
  | "invalid" // 400: the server named what is wrong
  | "failed"; // refused for good (e.g. 403); the draft stays in local storage

export interface SaveState {
  readonly phase: SavePhase;
  readonly labelId: number | null;
  readonly revision: number | null;
  /** Status the server holds. */
  readonly serverStatus: LabelStatus | null;
  readonly lastSavedAt: number | null;
  readonly retryAt: number | null;
  readonly attempt: number;
  readonly messages: readonly string[];
  /** The newer label a 409 answered with. */
  readonly conflict: Label | null;
}

export type LabelContent = Pick<LabelInput, "objects" | "classifications">;

export interface SaverDeps {
  /** The label as it is now (editor.toLabelBody()). */
  content(): LabelContent;
  /** Productive seconds since the editor opened (the saver sends the part not sent yet). */
  activeSeconds(): number;
  create(body: LabelInput): Promise<Label>;
  update(id: number, body: LabelUpdate): Promise<Label>;
  /** The caller's own label, when POST says it already exists. */
  findOwn(): Promise<Label | null>;
  drafts: { save(draft: Draft): void; clear(): void };
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  onState(state: SaveState): void;
}

export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true; // e.g. a TypeError from fetch
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

function messagesOf(error: unknown): string[] {
  if (error instanceof ApiError) return error.messages();
  return [error instanceof Error ? error.message : String(error)];
}

function currentOf(error: ApiError): Label | null {
  const body = error.body as { current?: Label } | null;
  return body && typeof body === "object" && body.current ? body.current : null;
}

/** Where saving starts: the caller's label on the server (nulls: none yet), and whether the editor holds more. */
export interface SaveStart {
  readonly labelId: number | null;
  readonly revision: number | null;
  readonly status: LabelStatus | null;
  readonly unsaved: boolean;
}

export class LabelSaver {
  private state: SaveState;
  private version = 0;
  private savedVersion = 0;
  private sentSeconds = 0;
  private autosaveTimer: unknown = null;
  private retryTimer: unknown = null;
  private chain: Promise<unknown> = Promise.resolve();
  private lastStatus: LabelStatus = "draft";

  constructor(
    private readonly deps: SaverDeps,
    start: SaveStart,
  ) {
    this.state = {
      phase: start.unsaved ? "unsaved" : "saved",
      labelId: start.labelId,
      revision: start.revision,
      serverStatus: start.status,
      lastSavedAt: null,
      retryAt: null,
      attempt: 0,
      messages: [],
      conflict: null,
    };
    if (start.unsaved) this.changed();
  }

  get current(): SaveState {
    return this.state;
  }

  /** True while something is not on the server. */
  get hasUnsaved(): boolean {
    return this.version !== this.savedVersion || this.state.phase !== "saved";
  }

  /** The label changed: autosave AUTOSAVE_DELAY_MS after the last change. */
  changed(): void {
    this.version++;
    if (this.state.phase === "saved") this.set({ phase: "unsaved" });
    if (this.state.phase === "conflict") return; // the user decides first
    this.clear("autosave");
    this.autosaveTimer = this.deps.setTimer(() => void this.save("draft"), AUTOSAVE_DELAY_MS);
  }

  /**
   * Save now; resolves true once the server holds this content with this status. Saves run one at a time.
   * `resend`: send even when the server already holds it (resubmitting a rejected label as it is).
   */
  save(status: LabelStatus, resend = false): Promise<boolean> {
    this.clear("autosave");
    const run = this.chain.then(() => this.attempt(status, resend));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Write the current content to the local draft (page hide, navigation away). */
  keepDraft(): void {
    if (!this.hasUnsaved) return;
    this.deps.drafts.save(this.draft(this.deps.content()));
  }

  /** 409, "keep mine": save this content over the newer revision. */
  keepMine(): Promise<boolean> {
    const current = this.state.conflict;
    if (!current) return Promise.resolve(false);
    this.set({ phase: "unsaved", conflict: null, labelId: current.id, revision: current.revision, messages: [] });
    return this.save(this.lastStatus);
  }

  /** 409, "take theirs": returns the label to load into the editor; local changes are dropped. */
  takeTheirs(): Label | null {
    const current = this.state.conflict;
    if (!current) return null;
    this.savedVersion = this.version;
    this.deps.drafts.clear();
    this.set({ phase: "saved", conflict: null, labelId: current.id, revision: current.revision, serverStatus: current.status, messages: [] });
    return current;
  }

  dispose(): void {
    this.clear("autosave");
    this.clear("retry");
  }

  private async attempt(status: LabelStatus, resend: boolean): Promise<boolean> {
    const { phase, labelId, revision } = this.state;
    if (phase === "conflict") return false;
    const upToDate = this.version === this.savedVersion && (phase === "saved" || phase === "unsaved");
    if (!resend && upToDate && labelId !== null && (status === "draft" || this.state.serverStatus === status)) return true;
    this.lastStatus = status;
    this.clear("retry");
    const version = this.version;
    const content = this.deps.content();
    const seconds = Math.max(0, Math.round((this.deps.activeSeconds() - this.sentSeconds) * 10) / 10);
    this.deps.drafts.save(this.draft(content));
    this.set({ phase: "saving", retryAt: null });
    const body: LabelInput = { ...content, status, time_spent_s: seconds };
    try {
      const saved = labelId === null ? await this.deps.create(body) : await this.deps.update(labelId, { ...body, revision: revision ?? 1 });
      this.sentSeconds += seconds;
      this.savedVersion = version;
      const complete = version === this.version;
      if (complete) this.deps.drafts.clear();
      this.set({
        phase: complete ? "saved" : "unsaved",
        labelId: saved.id,
        revision: saved.revision,
        serverStatus: saved.status,
        lastSavedAt: this.deps.now(),
        attempt: 0,
        messages: [],
      });
      if (!complete) this.changedDuringSave();
      return true;
    } catch (error) {
      await this.failed(error, status, labelId === null);
      return false;
    }
  }

  private async failed(error: unknown, status: LabelStatus, wasCreate: boolean): Promise<void> {
    if (error instanceof ApiError && error.status === 409) {
      const current = currentOf(error) ?? (wasCreate ? await this.deps.findOwn().catch(() => null) : null);
      if (current) {
        this.set({ phase: "conflict", conflict: current, messages: [error.detail] });
        return;
      }
    }
    if (isTransient(error)) {
      const attempt = this.state.attempt + 1;
      const delay = retryDelayMs(attempt);
      this.retryTimer = this.deps.setTimer(() => void this.save(status), delay);
      this.set({ phase: "retrying", attempt, retryAt: this.deps.now() + delay, messages: messagesOf(error) });
      return;
    }
    const invalid = error instanceof ApiError && (error.status === 400 || error.status === 422);
    this.set({ phase: invalid ? "invalid" : "failed", messages: messagesOf(error) });
  }

  private changedDuringSave(): void {
    this.clear("autosave");
    this.autosaveTimer = this.deps.setTimer(() => void this.save("draft"), AUTOSAVE_DELAY_MS);
  }

  private draft(content: LabelContent): Draft {
    return { savedAt: this.deps.now(), labelId: this.state.labelId, baseRevision: this.state.revision, ...content };
  }

  private clear(which: "autosave" | "retry"): void {
    const key = which === "autosave" ? "autosaveTimer" : "retryTimer";
    if (this[key] !== null) this.deps.clearTimer(this[key]);
    this[key] = null;
  }

  private set(change: Partial<SaveState>): void {
    this.state = { ...this.state, ...change };
    this.deps.onState(this.state);
  }
}
