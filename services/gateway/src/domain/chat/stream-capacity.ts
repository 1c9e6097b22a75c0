import { AppError } from "@chatbot/core";
import type { ChatStreamEvent } from "./chat-stream.events";

/** How much a gateway process keeps of streams in memory, running and finished. */
export interface StreamCapacity {
  maxStreams: number;
  maxBytes: number;
}

/**
 * What an event costs in memory, roughly: its text as UTF-16 plus the objects around it.
 * A delta's text is measured directly; only the few other events are serialized.
 */
const EVENT_OVERHEAD_BYTES = 96;

export function eventBytes(data: ChatStreamEvent): number {
  const text = "chunk" in data && typeof data.chunk === "string" ? data.chunk : JSON.stringify(data);
  return EVENT_OVERHEAD_BYTES + text.length * 2;
}

/** Finished streams are dropped to make room; running ones cannot be, so a new one is refused. */
export function capacityExhausted(): AppError {
  return new AppError("unavailable", "stream_capacity_exhausted", "This server is streaming as many replies as it can hold; try again shortly", { retryAfterSeconds: 1 });
}
