import type { Event } from "@mimolo/sdk";
import type { IngestPolicy } from "../../src/engine/mod.ts";

/** An event at `t` ms after the epoch. */
export function ev(label: string, t: number, data?: Record<string, unknown>, event = "e"): Event {
  return { timestamp: new Date(t), label, event, data };
}

/** An ingest policy with defaults that tests override. */
export function policy(label: string, over: Partial<IngestPolicy> = {}): IngestPolicy {
  return { label, resetsCooldown: true, infrequent: false, dataHeader: null, ...over };
}
