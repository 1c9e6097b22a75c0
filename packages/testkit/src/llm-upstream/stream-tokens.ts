import { scriptedToken } from "./korean-reply";
import type { UpstreamExchange } from "./upstream-types";

export interface TokenWriters {
  token(text: string, index: number): void;
  /** The protocol's broken chunk (invalid JSON inside an otherwise valid event). */
  malformed(): void;
  /** The protocol's in-stream error event. */
  errorEvent(): void;
}

/**
 * Streams the reply's tokens at the configured pace, applying a mid-stream fault.
 * Resolves to "complete" when the protocol should send its ending, otherwise to
 * "stopped" (the caller left, or the fault ended the stream).
 */
export async function streamTokens(exchange: UpstreamExchange, writers: TokenWriters): Promise<"complete" | "stopped"> {
  const { fault } = exchange;
  const faultAt = fault && fault.kind !== "status" && fault.kind !== "hang" ? fault.afterTokens : undefined;
  for (let index = 0; index < exchange.tokens; index += 1) {
    if (!exchange.open) return "stopped";
    if (index === faultAt && fault) return applyFault(exchange, fault.kind, writers);
    if (index > 0 && exchange.options.tokenIntervalMs > 0) await exchange.pause(exchange.options.tokenIntervalMs);
    if (!exchange.open) return "stopped";
    writers.token(scriptedToken(index, exchange.options.script), index);
    exchange.record.tokensSent += 1;
  }
  if (faultAt !== undefined && fault) return applyFault(exchange, fault.kind, writers);
  return exchange.open ? "complete" : "stopped";
}

async function applyFault(exchange: UpstreamExchange, kind: string, writers: TokenWriters): Promise<"stopped"> {
  switch (kind) {
    case "stall":
      // Silent until the caller gives up.
      while (exchange.open) await exchange.pause(1000);
      break;
    case "disconnect":
      exchange.destroy();
      break;
    case "malformed":
      writers.malformed();
      // A real server would carry on; the client is expected to stop reading.
      await exchange.pause(50);
      exchange.end();
      break;
    case "error-event":
      writers.errorEvent();
      exchange.end();
      break;
  }
  return "stopped";
}
