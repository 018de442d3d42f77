/** One undoable edit. Loads from the server are never recorded. */
export interface Command {
  readonly label: string;
  /** Memory the command holds, for the history's byte budget. */
  readonly byteSize: number;
  undo(): void;
  redo(): void;
}

/**
 * An edit of state kept outside the engine (e.g. a sequence's track id of an
 * object): the caller applies it in redo() and reverts it in undo().
 */
export type OutsideEdit = Pick<Command, "undo" | "redo">;

/** 100 MB: room for well over 200 brush strokes on a 12-megapixel image. */
export const DEFAULT_HISTORY_BYTES = 100 * 1024 * 1024;

/** Several commands that undo and redo as one entry (e.g. create object + first stroke). */
export class CompositeCommand implements Command {
  readonly label: string;
  readonly byteSize: number;
  private readonly parts: readonly Command[];

  constructor(label: string, parts: readonly Command[]) {
    this.label = label;
    this.parts = parts;
    this.byteSize = parts.reduce((sum, p) => sum + p.byteSize, 0);
  }

  undo(): void {
    for (let i = this.parts.length - 1; i >= 0; i--) this.parts[i].undo();
  }

  redo(): void {
    for (const part of this.parts) part.redo();
  }
}

/** Undo/redo stacks capped by bytes: the oldest entries are dropped first. */
export class History {
  private readonly maxBytes: number;
  private readonly undoStack: Command[] = [];
  private redoStack: Command[] = [];
  private bytes = 0;

  constructor(maxBytes = DEFAULT_HISTORY_BYTES) {
    this.maxBytes = maxBytes;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  get undoDepth(): number {
    return this.undoStack.length;
  }

  get redoDepth(): number {
    return this.redoStack.length;
  }

  get byteSize(): number {
    return this.bytes;
  }

  /** Record a command that has already been applied. */
  push(command: Command): void {
    for (const dropped of this.redoStack) this.bytes -= dropped.byteSize;
    this.redoStack = [];
    this.undoStack.push(command);
    this.bytes += command.byteSize;
    // Keep at least the newest entry even when it alone exceeds the budget.
    while (this.bytes > this.maxBytes && this.undoStack.length > 1) {
      const oldest = this.undoStack.shift();
      if (oldest) this.bytes -= oldest.byteSize;
    }
  }

  undo(): Command | null {
    const command = this.undoStack.pop();
    if (!command) return null;
    command.undo();
    this.redoStack.push(command);
    return command;
  }

  redo(): Command | null {
    const command = this.redoStack.pop();
    if (!command) return null;
    command.redo();
    this.undoStack.push(command);
    return command;
  }

  clear(): void {
    this.undoStack.length = 0;
    this.redoStack = [];
    this.bytes = 0;
  }
}
