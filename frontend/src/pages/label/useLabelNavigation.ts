// Previous / next image (asset id order), submit, submit-and-next and next from the queue.
import { useEffect, useMemo, useRef, useState } from "react";
import { errorMessages } from "../../api/errors";
import { navigate } from "../../lib/router";
import { paths } from "../../lib/routes";
import { HEARTBEAT_MS, claimFromSearch, heartbeat, labelUrlWithClaim } from "./claim";
import { neighbourIds, projectAssetIds, queueNext } from "./labelApi";
import { saveRefusal } from "./pendingSegment";
import type { LabelSaver } from "./saver";
import type { LabelSession } from "./session";

export interface LabelNavigation {
  readonly neighbours: { previous: number | null; next: number | null } | null;
  /** A short note for the user ("queue is empty"); null when none. */
  readonly notice: string | null;
  /** "done" after a successful submit (shown as a success), "warn" for everything else. */
  readonly noticeTone: "warn" | "done";
  readonly queueAvailable: boolean;
  readonly busy: boolean;
  go(direction: "previous" | "next"): void;
  /** The Save button: a draft now. */
  saveDraft(): Promise<boolean>;
  submit(): Promise<boolean>;
  submitAndNext(): Promise<void>;
  nextFromQueue(): Promise<void>;
}

/**
 * `reworkWaiting`: the label came back from review, so Submit sends it even unchanged. `pendingSegment`: an
 * auto-segment mask is shown but not accepted, so Save and Submit are refused (pendingSegment.ts).
 */
export function useLabelNavigation(session: LabelSession, saver: LabelSaver | null, reworkWaiting = false, pendingSegment: () => boolean = () => false): LabelNavigation {
  const projectId = session.project.id;
  const assetId = session.asset.id;
  const [neighbours, setNeighbours] = useState<LabelNavigation["neighbours"]>(null);
  const [notice, setNoticeText] = useState<string | null>(null);
  const [noticeTone, setNoticeTone] = useState<"warn" | "done">("warn");
  const setNotice = (text: string | null, tone: "warn" | "done" = "warn") => {
    setNoticeText(text);
    setNoticeTone(tone);
  };
  const [queueAvailable, setQueueAvailable] = useState(true);
  const [busy, setBusy] = useState(false);
  const saverRef = useRef(saver);
  saverRef.current = saver;
  const reworkRef = useRef(reworkWaiting);
  reworkRef.current = reworkWaiting;
  const pendingRef = useRef(pendingSegment);
  pendingRef.current = pendingSegment;
  const neighboursRef = useRef(neighbours);
  neighboursRef.current = neighbours;
  // Opened from the queue: keep the lease alive, and "next" means the queue's next item.
  const claimId = useMemo(() => claimFromSearch(window.location.search), [assetId]);

  useEffect(() => {
    if (!claimId) return;
    const timer = window.setInterval(() => {
      heartbeat(claimId)
        .then((state) => state === "lost" && setNotice("Your claim on this image ended; saving still works."))
        .catch(() => undefined); // offline: the saver already tells the user
    }, HEARTBEAT_MS);
    return () => window.clearInterval(timer);
  }, [claimId]);

  useEffect(() => {
    let live = true;
    projectAssetIds(projectId)
      .then((ids) => live && setNeighbours(neighbourIds(ids, assetId)))
      .catch((error: unknown) => live && setNotice(`Could not list the project's images: ${errorMessages(error)[0]}`));
    return () => {
      live = false;
    };
  }, [projectId, assetId]);

  return useMemo<LabelNavigation>(() => {
    const go = (direction: "previous" | "next") => {
      const n = neighboursRef.current;
      const target = n?.[direction];
      if (target == null) {
        setNotice(n ? `No ${direction} image in this project.` : "Still listing the project's images…");
        return;
      }
      navigate(paths.label(projectId, target));
    };
    /** True when a pending auto-segment mask refuses the save (the notice says why). */
    const refused = () => {
      const refusal = saveRefusal(pendingRef.current());
      if (refusal) setNotice(refusal);
      return refusal !== null;
    };
    const saveDraft = async () => {
      const current = saverRef.current;
      if (!current || refused()) return false;
      return current.save("draft");
    };
    const submit = async () => {
      const current = saverRef.current;
      if (!current || refused()) return false;
      setBusy(true);
      try {
        const ok = await current.save("submitted", reworkRef.current);
        // The save status alone reads the same before and after: say that the submit went through.
        if (ok) setNotice(`Submitted at ${new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}.`, "done");
        return ok;
      } finally {
        setBusy(false);
      }
    };
    const fromQueue = async () => {
      const item = await queueNext(projectId);
      if (item === "unavailable") {
        setQueueAvailable(false);
        setNotice("This project has no work queue yet.");
      } else if (item === null) setNotice("The queue is empty: nothing left to label.");
      else navigate(labelUrlWithClaim(paths.label(item.asset.project ?? projectId, item.asset.id), item.claim.id));
    };
    return {
      neighbours,
      notice,
      noticeTone,
      queueAvailable,
      busy,
      go,
      saveDraft,
      submit,
      async submitAndNext() {
        if (await submit()) {
          if (claimId) await fromQueue().catch((error: unknown) => setNotice(`Queue: ${errorMessages(error)[0]}`));
          else if (neighboursRef.current?.next != null) go("next");
          else setNotice("Submitted. This was the last image of the project.");
        }
      },
      async nextFromQueue() {
        setBusy(true);
        try {
          await saverRef.current?.save("draft");
          await fromQueue();
        } catch (error) {
          setNotice(`Queue: ${errorMessages(error)[0]}`);
        } finally {
          setBusy(false);
        }
      },
    };
  }, [projectId, claimId, neighbours, notice, noticeTone, queueAvailable, busy]);
}
