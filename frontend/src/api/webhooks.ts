// Webhook subscriptions of a project and their delivery logs (managers only; docs/webhooks.md).
import { api } from "./client";
import type { Paginated } from "./types";

export const WEBHOOK_EVENTS = [
  "label.submitted",
  "label.reviewed",
  "asset.done",
  "job.finished",
  "version.created",
  "member.added",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: number;
  project: number;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  created_at: string;
}

/** The answer to a create: the only time the secret is shown. */
export interface CreatedWebhook extends Webhook {
  secret: string;
}

export interface Delivery {
  id: number;
  subscription: number;
  event: WebhookEvent;
  event_id: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  response_code: number | null;
  response_ms: number | null;
  error: string;
  next_retry_at: string | null;
  last_attempt_at: string | null;
  created_at: string;
}

export function listWebhooks(projectId: number, signal?: AbortSignal): Promise<Webhook[]> {
  return api.get(`/projects/${projectId}/webhooks`, { signal });
}

export function createWebhook(projectId: number, body: { url: string; events: WebhookEvent[] }): Promise<CreatedWebhook> {
  return api.post(`/projects/${projectId}/webhooks`, body);
}

export function updateWebhook(id: number, changes: Partial<Pick<Webhook, "url" | "events" | "active">>): Promise<Webhook> {
  return api.patch(`/webhooks/${id}`, changes);
}

export function deleteWebhook(id: number): Promise<null> {
  return api.delete(`/webhooks/${id}`);
}

export function listDeliveries(id: number, signal?: AbortSignal): Promise<Paginated<Delivery>> {
  return api.get(`/webhooks/${id}/deliveries`, { signal });
}

export function redeliver(id: number, deliveryId: number): Promise<Delivery> {
  return api.post(`/webhooks/${id}/deliveries/${deliveryId}/redeliver`);
}
