/**
 * One editor for a whole sequence. Switching frames swaps the image and the
 * label inside the same Editor (zoom, tool and class stay), from the frame
 * store's caches; an edited frame is saved in the background as it is left,
 * so switching never waits for the network. Track ids ride beside the engine
 * in a TrackBook. No React: the page subscribes to `state` changes.
 */
import type { Label, LabelStatus } from "../api/types";
import { Editor, type OntologyClass } from "../editor";
import { saveRefusal } from "../pages/label/pendingSegment";
import type { FrameContent } from "./frameContent";
import { tracksIn } from "./frameContent";
import { FrameStore, type FrameStoreOptions } from "./frameStore";
import type { Sequence } from "./api";
import { OnionLayer } from "./onionLayer";
import { type FrameSummary, summaryOfFrame } from "./timeline";
import { moveToTrack } from "./trackMove";
import { TrackBook, type TrackedLabelBody } from "./tracks";
import type { AnswerOntology } from "../pages/label/attributeValues";

export interface SequenceDeps {
  image(asset: number): Promise<ImageBitmap>;
  content(asset: number): Promise<FrameContent>;
  create(asset: number, body: TrackedLabelBody & { status: LabelStatus; time_spent_s: number }): Promise<Label>;
  update(id: number, body: TrackedLabelBody & { status: LabelStatus; time_spent_s: number; revision: number }): Promise<Label>;
  /** The frame's content after a save (own label = `saved`). */
  contentOf(saved: Label): FrameContent;
  /** The ontology a save keeps each frame's answers to (TrackBook.labelBody). */
  readonly ontology: AnswerOntology;
}

export interface SequenceState {
  /** Position of the shown frame in `sequence.frames`. */
  readonly position: number;
  /** A switch is waiting for the frame's image or label. */
  readonly loading: boolean;
  readonly shown: FrameContent;
  readonly summaries: ReadonlyMap<number, FrameSummary>;
  readonly saving: number;
  readonly saveError: unknown;
  /** Milliseconds the last switch took from the call to the frame in the editor. */
  readonly switchMs: number | null;
  /** Bumped when an object of the shown frame changes track (or another frame is shown). */
  readonly trackVersion: number;
  /** Bumped by each save the server took (the sequence's track list may have changed). */
  readonly saved: number;
}

export class SequenceSession {
  readonly tracks: TrackBook;
  private readonly store: FrameStore<ImageBitmap, FrameContent>;
  private readonly listeners = new Set<(state: SequenceState) => void>();
  private readonly saveListeners = new Set<(position: number) => void>();
  private readonly summaries = new Map<number, FrameSummary>();
  private readonly onion: OnionLayer;
  private readonly offs: (() => void)[] = [];
  private current: SequenceState;
  private switchToken = 0;
  private saveChain: Promise<unknown> = Promise.resolve();
  private sentMs = 0;

  private constructor(
    readonly sequence: Sequence,
    readonly editor: Editor,
    onionHost: HTMLElement,
    private readonly deps: SequenceDeps,
    first: { image: ImageBitmap; content: FrameContent },
    store: FrameStore<ImageBitmap, FrameContent>,
  ) {
    this.store = store;
    this.tracks = new TrackBook(sequence.tracks.map((t) => t.track));
    // What the frame list says until a frame's own label and predictions are read.
    sequence.frames.forEach((frame, position) => this.summaries.set(position, summaryOfFrame(frame)));
    this.onion = new OnionLayer(onionHost, editor.width, editor.height);
    this.current = { position: 0, loading: false, shown: first.content, summaries: this.summaries, saving: 0, saveError: null, switchMs: null, trackVersion: 0, saved: 0 };
    this.offs.push(
      editor.on("zoom", (zoom) => this.onion.setZoom(zoom)),
      editor.on("objects", (objects) => this.tracks.sync(objects)),
    );
    this.onion.setZoom(editor.zoomState);
  }

  /** Load the first frame and mount the editor in `host`; the onion skin goes in `onionHost`. */
  static async open(
    host: HTMLElement,
    onionHost: HTMLElement,
    sequence: Sequence,
    classes: readonly OntologyClass[],
    deps: SequenceDeps,
    options: FrameStoreOptions = {},
    startAt = 0,
  ): Promise<SequenceSession> {
    if (sequence.frames.length === 0) throw new Error("the sequence has no frames yet");
    let session: SequenceSession | null = null;
    const store = new FrameStore<ImageBitmap, FrameContent>(
      sequence.frames.map((f) => f.asset),
      { image: (a) => deps.image(a), content: (a) => deps.content(a) },
      options,
      (index, content) => session?.noteContent(index, content),
    );
    const position = Math.min(Math.max(0, startAt), sequence.frames.length - 1);
    const first = await store.frame(position);
    const editor = Editor.mount(host, first.image, { classes });
    session = new SequenceSession(sequence, editor, onionHost, deps, first, store);
    for (let i = 0; i < sequence.frames.length; i++) {
      const loaded = store.loaded(i);
      if (loaded) session.noteContent(i, loaded);
    }
    session.display(position, first.content, 0);
    store.show(position);
    return session;
  }

  get state(): SequenceState {
    return this.current;
  }

  get position(): number {
    return this.current.position;
  }

  subscribe(listener: (state: SequenceState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Told the position of each frame the server took a save of (after the frame's content is updated). */
  onSaved(listener: (position: number) => void): () => void {
    this.saveListeners.add(listener);
    return () => this.saveListeners.delete(listener);
  }

  /** Show the frame at `position`; an edited frame is saved on the way out (in the background). Resolves false when another switch overtook it. */
  async go(position: number, direction: 1 | -1 = position >= this.position ? 1 : -1): Promise<boolean> {
    const target = Math.min(Math.max(0, position), this.sequence.frames.length - 1);
    if (target === this.position && !this.current.loading) return true;
    const started = performance.now();
    if (this.editor.historyState.modified) {
      // Leaving an edited frame: a submitted label stays submitted, anything else is saved as a draft.
      void this.save(this.current.shown.ownLabel?.status === "submitted" ? "submitted" : "draft");
    }
    const token = ++this.switchToken;
    // A prefetched frame is shown at once, in this task: no loading state, no await.
    let frame = this.store.ready(target);
    if (!frame) {
      this.set({ loading: true });
      try {
        frame = await this.store.frame(target);
      } catch (error) {
        if (token === this.switchToken) this.set({ loading: false, saveError: error });
        throw error;
      }
      if (token !== this.switchToken) return false;
    }
    this.editor.replaceImage(frame.image);
    this.display(target, frame.content, performance.now() - started);
    this.store.show(target, direction);
    return true;
  }

  /** Save frame / Ctrl+Enter: refused (saveError says why) while an auto-segment mask is shown but not accepted. */
  submit(): Promise<boolean> {
    const refusal = saveRefusal(this.editor.segmentState.proposal !== null);
    if (!refusal) return this.save("submitted");
    this.set({ saveError: new Error(refusal) });
    return Promise.resolve(false);
  }

  /**
   * Save the shown frame's label with its tracks ("submitted" from the Save button, "draft" when leaving an
   * edited frame). `announce` false: the onSaved listeners are not told (a propagation about to start from
   * the frame carries it on itself).
   */
  save(status: LabelStatus, announce = true): Promise<boolean> {
    const position = this.position;
    const asset = this.sequence.frames[position].asset;
    const body = this.tracks.labelBody(this.editor.labelMap, this.editor.width, this.editor.height, this.editor.objects, this.editor.classifications, this.deps.ontology);
    const elapsed = this.editor.timeTracker.elapsedMs();
    const seconds = Math.max(0, Math.round((elapsed - this.sentMs) / 100) / 10);
    this.sentMs = elapsed;
    this.editor.markSaved();
    this.set({ saving: this.current.saving + 1, saveError: null });
    const run = this.saveChain.then(async () => {
      // Read the frame's label inside the chain: an earlier save of this frame may just have created it.
      const own = (await this.store.content(position)).ownLabel;
      const saved = own
        ? await this.deps.update(own.id, { ...body, status, time_spent_s: seconds, revision: own.revision })
        : await this.deps.create(asset, { ...body, status, time_spent_s: seconds });
      const content = this.deps.contentOf(saved);
      this.store.put(position, content);
      // The frame may still be on screen: its label is now the saved one (the editor already holds it).
      if (this.position === position) this.set({ shown: content });
      this.set({ saved: this.current.saved + 1 });
      if (announce) for (const listener of this.saveListeners) listener(position);
      return true;
    });
    this.saveChain = run.catch(() => undefined);
    return run.then(
      (ok) => {
        this.set({ saving: this.current.saving - 1 });
        return ok;
      },
      (error: unknown) => {
        // Still on that frame: its edits count as unsaved again, so Save or leaving the frame retries.
        if (this.position === position) this.editor.markUnsaved();
        const reason = error instanceof Error ? error.message : String(error);
        this.set({ saving: this.current.saving - 1, saveError: new Error(`frame ${position + 1} not saved: ${reason}`) });
        return false;
      },
    );
  }

  /**
   * Put the shown frame's object `index` on `track` (an existing track, or
   * tracks.newTrack()); with `classId` it also takes the track's class. One
   * undo step (with the class change); the frame counts as edited, so Save or
   * leaving it saves the new track. Two objects on one track are left for the
   * server to refuse, with its message.
   */
  setTrack(index: number, track: number, classId?: number | null): void {
    moveToTrack(this.editor, this.tracks, index, track, classId, () => this.set({ trackVersion: this.current.trackVersion + 1 }));
  }

  /** A propagation wrote predictions on these frames: refetch them, and reload the shown one when it holds no edits. */
  async refresh(positions: readonly number[]): Promise<void> {
    await this.saveChain;
    const shown = this.position;
    this.store.invalidate(positions);
    for (const p of positions) this.store.content(p).catch(() => undefined);
    if (positions.includes(shown) && !this.editor.historyState.modified) {
      const content = await this.store.content(shown);
      if (this.position === shown && !this.editor.historyState.modified) this.display(shown, content, this.current.switchMs ?? 0);
    }
    this.updateOnion(shown);
  }

  setOnionVisible(visible: boolean): void {
    this.onion.setVisible(visible);
  }

  destroy(): void {
    this.switchToken++;
    for (const off of this.offs) off();
    this.onion.destroy();
    this.editor.destroy();
    this.store.dispose();
    this.listeners.clear();
    this.saveListeners.clear();
  }

  private display(position: number, content: FrameContent, switchMs: number): void {
    this.tracks.note(tracksIn(content.content));
    this.tracks.load(content.content?.objects ?? []);
    this.editor.loadLabel(content.content ?? { objects: [] });
    this.sentMs = this.editor.timeTracker.elapsedMs();
    this.set({ position, loading: false, shown: content, switchMs, trackVersion: this.current.trackVersion + 1 });
    this.updateOnion(position);
  }

  private updateOnion(position: number): void {
    if (position === 0) {
      this.onion.setPrevious(null);
      return;
    }
    const previous = this.store.loaded(position - 1);
    if (previous) {
      this.onion.setPrevious(previous.content);
      return;
    }
    this.onion.setPrevious(null);
    this.store.content(position - 1).then(
      (c) => {
        if (this.position === position) this.onion.setPrevious(c.content);
      },
      () => undefined,
    );
  }

  private noteContent(index: number, content: FrameContent): void {
    this.tracks.note(tracksIn(content.content));
    const known = this.summaries.get(index);
    if (known?.kind !== content.summary.kind || known.score !== content.summary.score) {
      this.summaries.set(index, content.summary);
      this.set({ summaries: new Map(this.summaries) }); // a new map only when a mark changes: no re-render per prefetch
    }
    if (index === this.position - 1) this.onion.setPrevious(content.content);
  }

  private set(change: Partial<SequenceState>): void {
    this.current = { ...this.current, ...change };
    for (const listener of this.listeners) listener(this.current);
  }
}
