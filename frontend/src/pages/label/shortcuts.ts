// The help overlay's view of a key map: the editor's DEFAULT_KEYMAP, or another page's (review).

/** One key of a key map as the help overlay lists it; the editor's KeyBinding is one. */
export interface ShortcutBinding {
  /** Normalised chord, e.g. "ctrl+shift+z". */
  readonly chord: string;
  readonly action: string;
  readonly description: string;
}

/** Shortcuts that share a description are shown on one line ("Ctrl+Y / Ctrl+Shift+Z"). */
export function shortcutRows(keymap: readonly ShortcutBinding[]): { keys: string[]; description: string }[] {
  const rows: { keys: string[]; description: string }[] = [];
  for (const binding of keymap) {
    const description = binding.action === "class.select" ? "Class 1–9 (in ontology order)" : binding.description;
    const row = rows.find((r) => r.description === description);
    if (row) row.keys.push(binding.chord);
    else rows.push({ keys: [binding.chord], description });
  }
  return rows.map((r) => (r.description.startsWith("Class 1") ? { ...r, keys: ["1 … 9"] } : r));
}

/** "ctrl+shift+z" -> "Ctrl+Shift+Z"; a lone "+" stays a key. */
export function prettyChord(chord: string): string {
  return chord
    .split(/\+(?=.)/)
    .map((part) => (part.length <= 1 ? part.toUpperCase() : part[0].toUpperCase() + part.slice(1)))
    .join("+");
}
