// Upload of many files in batches, with per-file outcome. No React here.
// The backend stores a batch all-or-nothing and names each rejected file in its 400 answer,
// so after a 400 the rejected files are marked and the rest of the batch is sent again.
import { ApiError, errorMessages } from "../../api/errors";
import { attributeUploadErrors, planBatches, postMultipart } from "../../api/upload";
import type { Asset } from "../../api/types";

export type UploadStatus = "queued" | "uploading" | "done" | "error";

export interface UploadEntry {
  key: string;
  file: File;
  status: UploadStatus;
  errors: string[];
  assetId?: number;
}

export interface UploadCallbacks {
  onEntries: (update: (entries: UploadEntry[]) => UploadEntry[]) => void;
  onBytes: (uploaded: number) => void;
  onGeneralError: (messages: string[]) => void;
}

function patch(keys: Set<string>, change: Partial<UploadEntry>) {
  return (entries: UploadEntry[]) => entries.map((e) => (keys.has(e.key) ? { ...e, ...change } : e));
}

export async function runUpload(
  projectId: number,
  entries: UploadEntry[],
  cb: UploadCallbacks,
  signal: AbortSignal,
): Promise<Asset[]> {
  const created: Asset[] = [];
  const batches = planBatches(entries.map((e) => ({ entry: e, size: e.file.size })));
  let doneBytes = 0;
  for (const batch of batches) {
    let pending = batch.map((b) => b.entry);
    const batchBytes = pending.reduce((s, e) => s + e.file.size, 0);
    // Each round either stores the batch or rejects at least one more file, so this ends.
    while (pending.length > 0) {
      if (signal.aborted) throw new DOMException("Upload aborted", "AbortError");
      const keys = new Set(pending.map((e) => e.key));
      cb.onEntries(patch(keys, { status: "uploading", errors: [] }));
      const form = new FormData();
      for (const e of pending) form.append("files", e.file, e.file.name);
      const sendBytes = pending.reduce((s, e) => s + e.file.size, 0);
      let result;
      try {
        result = await postMultipart(
          `/projects/${projectId}/assets`,
          form,
          (p) => cb.onBytes(doneBytes + (p.total ? (p.loaded / p.total) * sendBytes : 0)),
          signal,
        );
      } catch (err) {
        cb.onEntries(patch(keys, { status: "error", errors: errorMessages(err) }));
        if (err instanceof DOMException && err.name === "AbortError") throw err;
        break;
      }
      if (result.status >= 200 && result.status < 300) {
        const assets = Array.isArray(result.body) ? (result.body as Asset[]) : [];
        created.push(...assets);
        const byName = new Map<string, Asset[]>();
        for (const a of assets) byName.set(a.name, [...(byName.get(a.name) ?? []), a]);
        cb.onEntries((all) =>
          all.map((e) => {
            if (!keys.has(e.key)) return e;
            const asset = byName.get(e.file.name)?.shift();
            return { ...e, status: "done", errors: [], assetId: asset?.id };
          }),
        );
        break;
      }
      const names = pending.map((e) => e.file.name);
      const { perFile, general } = result.status === 400 ? attributeUploadErrors(result.body, names) : { perFile: new Map<number, string[]>(), general: [] };
      if (perFile.size === 0) {
        // Nothing names a file: the whole request failed (permission, size limit, server error).
        const msgs = general.length > 0 ? general : new ApiError(result.status, result.body).messages();
        cb.onEntries(patch(keys, { status: "error", errors: msgs }));
        if (result.status !== 400) cb.onGeneralError(msgs);
        break;
      }
      const rejected = new Set<string>();
      const indexByKey = new Map(pending.map((e, i) => [e.key, i]));
      cb.onEntries((all) =>
        all.map((e) => {
          const i = indexByKey.get(e.key);
          const msgs = i === undefined ? undefined : perFile.get(i);
          return msgs ? { ...e, status: "error", errors: msgs } : e;
        }),
      );
      pending.forEach((e, i) => {
        if (perFile.has(i)) rejected.add(e.key);
      });
      pending = pending.filter((e) => !rejected.has(e.key));
    }
    doneBytes += batchBytes;
    cb.onBytes(doneBytes);
  }
  return created;
}
