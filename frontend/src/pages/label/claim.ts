// The queue claim this page works under (?claim=<id>): renewed while the labeler works.
import { api } from "../../api/client";
import { ApiError } from "../../api/errors";

export const HEARTBEAT_MS = 60_000; // leases last minutes; a minute keeps them alive with room to spare

export function claimFromSearch(search: string): number | null {
  const raw = new URLSearchParams(search).get("claim");
  const id = raw ? Number(raw) : NaN;
  return Number.isInteger(id) && id > 0 ? id : null;
}

export function labelUrlWithClaim(path: string, claimId: number | null): string {
  return claimId ? `${path}?claim=${claimId}` : path;
}

/** Renew the lease; "lost" when the server says it ended or expired (someone else may get the item). */
export async function heartbeat(claimId: number): Promise<"ok" | "lost"> {
  try {
    await api.post(`/claims/${claimId}/heartbeat`);
    return "ok";
  } catch (error) {
    if (error instanceof ApiError && (error.status === 409 || error.status === 403 || error.status === 404)) {
      return "lost";
    }
    throw error;
  }
}
