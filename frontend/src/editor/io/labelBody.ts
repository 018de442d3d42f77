import type { ClassId, JsonRecord, JsonValue, LabelObject } from "../core/objectList";
import type { LabelMap } from "../core/labelMap";
import { type CocoRle, type WireRle, decodeRle, encodeRle } from "./rle";

/** One object of the REST label body. */
export interface LabelBodyObject {
  readonly class: ClassId;
  readonly mask: CocoRle;
  readonly attributes: JsonRecord;
  readonly track?: number;
}

/** What the editor contributes to POST assets/{id}/labels and PUT labels/{id}. */
export interface LabelBody {
  readonly objects: LabelBodyObject[];
  readonly classifications: Record<string, JsonValue>;
}

/** An object of a label GET response (extra fields such as area and bbox are ignored). */
export interface LabelResponseObject {
  readonly id?: number;
  readonly class: ClassId;
  readonly mask: WireRle;
  readonly attributes?: JsonRecord;
  /** On frames of a sequence: the object's identity across frames (kept by the sequence editor, not the engine). */
  readonly track?: number;
}

export interface LabelResponse {
  readonly objects: readonly LabelResponseObject[];
  readonly classifications?: Record<string, JsonValue>;
}

/** Serialise the label map and objects; objects without pixels are skipped. One pass over the map. */
export function toLabelBody(
  map: Pick<LabelMap, "data" | "width" | "height">,
  objects: readonly LabelObject[],
  classifications: Record<string, JsonValue>,
): LabelBody {
  const masks = encodeRle(map.data, map.width, map.height);
  const out: LabelBodyObject[] = [];
  for (const object of objects) {
    const mask = masks.get(object.index);
    if (mask) out.push({ class: object.classId, mask, attributes: object.attributes, ...(object.track !== undefined ? { track: object.track } : {}) });
  }
  return { objects: out, classifications: { ...classifications } };
}

/**
 * Paint a saved label into an empty map. Objects get indices 1..n in response
 * order; where saved masks overlap (they should not), the earlier object keeps the pixel.
 * Throws with the object's position and the reason when a mask does not fit the image.
 */
export function labelObjectsFromResponse(map: LabelMap, response: LabelResponse): LabelObject[] {
  map.clear();
  const objects: LabelObject[] = [];
  response.objects.forEach((saved, position) => {
    const index = position + 1;
    try {
      decodeRle(saved.mask, map.data, map.width, map.height, index, (current) => current === 0);
    } catch (error) {
      throw new Error(`object ${saved.id ?? position}: ${(error as Error).message}`);
    }
    const track = typeof saved.track === "number" ? { track: saved.track } : {};
    objects.push({ index, classId: saved.class, attributes: saved.attributes ?? {}, hidden: false, serverId: saved.id, ...track });
  });
  return objects;
}
