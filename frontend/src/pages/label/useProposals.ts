import { useEffect, useState } from "react";
import { errorMessages, isAbortError } from "../../api/errors";
import type { Editor, ProposalsState } from "../../editor";
import { fetchProposals } from "./proposalsApi";

export type ProposalsStatus =
  | { readonly phase: "idle" }
  | { readonly phase: "loading" }
  | { readonly phase: "computing"; readonly jobId: number | null }
  | { readonly phase: "ready" }
  | { readonly phase: "error"; readonly message: string };

export interface ProposalsHandle {
  readonly status: ProposalsStatus;
  readonly state: ProposalsState;
}

/**
 * Segment everything, page side: the first time the proposals tool is picked
 * on this image, fetch the asset's proposals (polling while a worker computes
 * them) and hand them to the editor, which outlines them and turns a clicked
 * one into an object.
 */
export function useProposals(editor: Editor, assetId: number, active: boolean): ProposalsHandle {
  const [status, setStatus] = useState<ProposalsStatus>({ phase: "idle" });
  const [state, setState] = useState<ProposalsState>(() => editor.proposalsState);
  const [wanted, setWanted] = useState(false);

  useEffect(() => editor.on("proposals", setState), [editor]);
  useEffect(() => {
    setWanted(false);
    setStatus({ phase: "idle" });
  }, [editor, assetId]);
  useEffect(() => {
    if (active) setWanted(true);
  }, [active]);

  useEffect(() => {
    if (!wanted) return;
    const controller = new AbortController();
    setStatus({ phase: "loading" });
    fetchProposals(assetId, controller.signal, (jobId) => setStatus({ phase: "computing", jobId }))
      .then((answer) => {
        editor.setProposals(answer.proposals.map((p) => ({ mask: p.mask, score: p.score })));
        setStatus({ phase: "ready" });
      })
      .catch((error: unknown) => {
        if (!isAbortError(error)) setStatus({ phase: "error", message: errorMessages(error).join(" ") });
      });
    return () => controller.abort();
  }, [editor, assetId, wanted]);

  return { status, state };
}
