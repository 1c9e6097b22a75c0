import type { Response } from "express";
import type { FollowedStream } from "../../domain/chat/stream-log.store";

export interface SseOptions {
  /** A `: ping` comment after this much silence keeps proxies from closing the stream. */
  pingMs: number;
  signal: AbortSignal;
  /** Told when the stream opens and closes, for the open-streams gauge. */
  onOpen?: () => void;
  onClose?: () => void;
}

/**
 * Writes logged events as Server-Sent Events until the terminal one. Writes made in the
 * same tick are corked together (deltas that arrive together go out in one packet);
 * nothing waits beyond the current tick.
 */
export async function writeSse<T>(response: Response, events: FollowedStream<T>, options: SseOptions): Promise<void> {
  response.status(200);
  response.setHeader("Content-Type", "text/event-stream; charset=utf-8");
  response.setHeader("Cache-Control", "no-cache, no-transform");
  response.setHeader("X-Accel-Buffering", "no");
  response.setHeader("Connection", "keep-alive");
  response.flushHeaders();
  response.socket?.setNoDelay(true);

  let corked = false;
  const write = (text: string) => {
    if (!corked) {
      corked = true;
      response.cork();
      process.nextTick(() => {
        corked = false;
        response.uncork();
      });
    }
    response.write(text);
  };
  // One timer per stream, pushed back by every event: re-arming it per token costs no allocation.
  const ping = setTimeout(function onSilence() {
    write(": ping\n\n");
    ping.refresh();
  }, options.pingMs);

  options.onOpen?.();
  try {
    await events.read((event) => {
      write(`id: ${event.id}\ndata: ${JSON.stringify(event.data)}\n\n`);
      ping.refresh();
    });
  } finally {
    options.onClose?.();
    clearTimeout(ping);
    if (!options.signal.aborted) response.end();
  }
}
