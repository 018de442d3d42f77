// The project's `priority` setting (docs/workflow.md): which order pre-labeling gives the queue.
import type { ProjectSettings } from "../../api/types";

export type QueueOrder = "" | "least_confident" | "manual";

export const QUEUE_ORDERS: { value: QueueOrder; label: string }[] = [
  { value: "", label: "Propagated frames least confident first" },
  { value: "least_confident", label: "Every pre-label least confident first (images too)" },
  { value: "manual", label: "Only the priorities a manager sets" },
];

export function queueOrderOf(settings: ProjectSettings): QueueOrder {
  const value = settings.priority;
  return value === "least_confident" ? "least_confident" : value === undefined || value === "" ? "" : "manual";
}

/** The settings with `priority` set to the order; "" is the default (settings merge on save, so a key left
 * out would keep the old order). */
export function withQueueOrder(settings: ProjectSettings, order: QueueOrder): ProjectSettings {
  return { ...settings, priority: order };
}
