import type { LoggedEvent, StreamLog, StreamOwner } from "./stream-log";

interface Stream {
  owner: StreamOwner;
  events: LoggedEvent[];
  finished: boolean;
  wake: Set<() => void>;
}

/** The stream log of one gateway instance; streams are dropped `retentionMs` after they end. */
export class MemoryStreamLog implements StreamLog {
  private readonly streams = new Map<string, Stream>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly retentionMs: number) {}

  async open(messageId: string, owner: StreamOwner): Promise<void> {
    this.streams.set(messageId, { owner, events: [], finished: false, wake: new Set() });
  }

  /** Synchronous on purpose: the hot path of every delta takes no promise round trip. */
  appendNow(messageId: string, data: Record<string, unknown>, terminal = false): number {
    const stream = this.streams.get(messageId);
    if (!stream) throw new Error(`stream ${messageId} is not open`);
    if (stream.finished) return stream.events.length;
    const event: LoggedEvent = { id: stream.events.length + 1, data, terminal };
    stream.events.push(event);
    if (terminal) {
      stream.finished = true;
      const timer = setTimeout(() => {
        this.streams.delete(messageId);
        this.timers.delete(timer);
      }, this.retentionMs);
      timer.unref();
      this.timers.add(timer);
    }
    if (stream.wake.size > 0) {
      const waiting = [...stream.wake];
      stream.wake.clear();
      for (const wake of waiting) wake();
    }
    return event.id;
  }

  async append(messageId: string, data: Record<string, unknown>, terminal = false): Promise<number> {
    return this.appendNow(messageId, data, terminal);
  }

  has(messageId: string): boolean {
    return this.streams.has(messageId);
  }

  /** Open here and not yet ended. */
  isRunning(messageId: string): boolean {
    const stream = this.streams.get(messageId);
    return stream !== undefined && !stream.finished;
  }

  async owner(messageId: string): Promise<StreamOwner | undefined> {
    return this.streams.get(messageId)?.owner;
  }

  async *follow(messageId: string, afterId: number, signal: AbortSignal): AsyncIterable<LoggedEvent> {
    const stream = this.streams.get(messageId);
    if (!stream) return;
    let next = Math.max(0, afterId);
    // One abort listener for the whole follow, not one per wait: a wait happens per delta.
    let wake: (() => void) | undefined;
    const onAbort = () => wake?.();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      while (!signal.aborted) {
        while (next < stream.events.length) {
          const event = stream.events[next]!;
          next += 1;
          yield event;
          if (event.terminal) return;
        }
        if (stream.finished) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
          stream.wake.add(resolve);
        });
        if (wake) stream.wake.delete(wake);
        wake = undefined;
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
      if (wake) stream.wake.delete(wake);
    }
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.streams.clear();
  }
}
