// The caller's notifications (docs/api.md, "Notifications").
import { api } from "./client";
import type { Paginated } from "./types";

export interface AppNotification {
  id: number;
  kind: "mention" | "reply" | "rework" | "invitation" | "job_finished";
  project: number | null;
  text: string;
  /** The app's page to open. */
  link: string;
  created_at: string;
  read_at: string | null;
}

export function listNotifications(signal?: AbortSignal): Promise<Paginated<AppNotification>> {
  return api.get("/notifications", { signal, query: { page_size: 20 } });
}

export async function unreadNotifications(signal?: AbortSignal): Promise<number> {
  return (await api.get<{ unread: number }>("/notifications/unread", { signal })).unread;
}

/** Mark these read (or all, without ids); answers the unread count left. */
export async function markNotificationsRead(ids?: number[]): Promise<number> {
  return (await api.post<{ unread: number }>("/notifications/read", ids ? { ids } : {})).unread;
}
