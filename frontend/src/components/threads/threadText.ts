// Pure helpers of the threads panel: tested in threadText.test.ts.
import type { Thread } from "../../api/discussions";

export type Segment = { text: string; mention: boolean };

/** A comment's body cut into plain text and @mentions of `known` names (others stay plain text). */
export function mentionSegments(body: string, known: ReadonlySet<string>): Segment[] {
  const out: Segment[] = [];
  const re = /(^|[^\w@.+-])@([\w.+-]+)/g;
  let last = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const name = m[2].replace(/\.+$/, "");
    if (!known.has(name)) continue;
    const at = m.index + m[1].length;
    if (at > last) out.push({ text: body.slice(last, at), mention: false });
    out.push({ text: `@${name}`, mention: true });
    last = at + 1 + name.length;
  }
  if (last < body.length) out.push({ text: body.slice(last), mention: false });
  return out;
}

/** Open threads first, then resolved; the newest first within each. */
export function sortThreads(threads: readonly Thread[]): Thread[] {
  return [...threads].sort((a, b) => (a.status === b.status ? b.id - a.id : a.status === "open" ? -1 : 1));
}

/** The word being typed after an @ at the caret, for the mention suggestions; null when none. */
export function mentionQuery(text: string, caret: number): string | null {
  const m = /(^|\s)@([\w.+-]*)$/.exec(text.slice(0, caret));
  return m ? m[2] : null;
}

/** Replace the @word at the caret by @name and a space. */
export function completeMention(text: string, caret: number, name: string): { text: string; caret: number } {
  const before = text.slice(0, caret).replace(/@([\w.+-]*)$/, `@${name} `);
  return { text: before + text.slice(caret), caret: before.length };
}

/** The threads pinned at a point, in the order they were opened: pin 1, 2, ... in the list and on the image. */
export function pinnedThreads(threads: readonly Thread[]): Thread[] {
  return threads.filter((t) => t.x !== null && t.y !== null).sort((a, b) => a.id - b.id);
}

/** Pinned threads numbered 1, 2, ... in the order they were opened: the same number in the list and on the image. */
export function pinNumbers(threads: readonly Thread[]): Map<number, number> {
  return new Map(pinnedThreads(threads).map((t, i) => [t.id, i + 1]));
}
