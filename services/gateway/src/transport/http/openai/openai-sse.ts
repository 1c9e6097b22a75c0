import type { Response } from "express";
import type { SseOptions } from "../sse-response";

/**
 * An OpenAI-style event stream whose status line waits for the first thing worth sending.
 * A generation that fails before its first token can then still answer with an HTTP error
 * status, which SDKs turn into their typed errors (and retry when it is 429 or 5xx), as
 * OpenAI does; one that is slow to start still gets its headers (and a `: ping`) after
 * `pingMs` of silence, so proxies keep the connection. Writes made in one tick go out
 * together (corked), as in writeSse.
 */
export class OpenAiEventStream {
  private started = false;
  private corked = false;
  private readonly ping: NodeJS.Timeout;

  constructor(
    private readonly response: Response,
    private readonly options: Omit<SseOptions, "signal"> & { signal: AbortSignal },
    /** Written as the stream opens: the events every stream begins with. */
    private readonly preamble: () => string,
  ) {
    this.ping = setTimeout(() => this.write(": ping\n\n"), options.pingMs);
  }

  /** The status line and headers have gone out: errors from here on are events. */
  get committed(): boolean {
    return this.started;
  }

  private open(): void {
    this.started = true;
    const { response } = this;
    response.status(200);
    response.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    response.setHeader("Cache-Control", "no-cache, no-transform");
    response.setHeader("X-Accel-Buffering", "no");
    response.setHeader("Connection", "keep-alive");
    response.flushHeaders();
    response.socket?.setNoDelay(true);
    this.options.onOpen?.();
    this.write(this.preamble());
  }

  /** Writes what `produce` makes, opening the stream first if need be (so the preamble is made and sent before it). */
  send(produce: () => string): void {
    if (!this.started) this.open();
    this.write(produce());
  }

  /** Writes `text`, opening the stream first if need be. */
  write(text: string): void {
    if (!this.started) this.open();
    if (!this.corked) {
      this.corked = true;
      this.response.cork();
      process.nextTick(() => {
        this.corked = false;
        this.response.uncork();
      });
    }
    this.response.write(text);
    this.ping.refresh();
  }

  /** Ends the response if it was opened and the client is still there. */
  close(): void {
    clearTimeout(this.ping);
    if (!this.started) return;
    this.options.onClose?.();
    if (!this.options.signal.aborted) this.response.end();
  }
}

/** `data: <json>` as chat completion streams carry it. */
export function dataLine(json: string): string {
  return `data: ${json}\n\n`;
}

/** A named event as the Responses API streams it: `event: <type>` and its JSON. */
export function eventLines(type: string, json: string): string {
  return `event: ${type}\ndata: ${json}\n\n`;
}
