// Long names cut in the middle, so what tells files apart (a frame number, the extension) stays visible.

/**
 * Splits a name for middle truncation: the head may be cut with an ellipsis (CSS), the tail is always shown:
 * the extension and the last `keep` characters of the stem ("0016E5_07901.png" -> ["0016E5_0", "7901.png"]).
 */
export function splitForMiddle(name: string, keep = 6): [string, string] {
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 && name.length - dot <= 6 ? name.slice(dot) : "";
  const stem = name.slice(0, name.length - ext.length);
  if (stem.length <= keep) return ["", name];
  return [stem.slice(0, stem.length - keep), stem.slice(stem.length - keep) + ext];
}
