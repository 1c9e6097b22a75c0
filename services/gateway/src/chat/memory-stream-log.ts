import type { FollowedStream, LoggedEvent, StreamLog, StreamOwner } from "./stream-log";

interface Stream {
  owner: StreamOwner;
  events: LoggedEvent[];
  finished: boolean;
  /** Followers waiting for the next event, each told synchronously when one is appended. */
  listeners: Set<() => void>;
}

/** The stream log of one gateway instance; streams are dropped `retentionMs` after they end. */
export class MemoryStreamLog implements StreamLog {
  private readonly streams = new Map<string, Stream>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly retentionMs: number) {}

  async open(messageId: string, owner: StreamOwner): Promise<void> {
    this.streams.set(messageId, { owner, events: [], finished: false, listeners: new Set() });
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
    for (const listener of stream.listeners) listener();
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

  follow(messageId: string, afterId: number, signal: AbortSignal): FollowedStream {
    return {
      read: (onEvent) =>
        new Promise<void>((resolve, reject) => {
          const stream = this.streams.get(messageId);
          if (!stream) return resolve();
          let next = Math.max(0, afterId);
          /** Hands over what is logged past `next`; true once the stream has ended for this follower. */
          const drain = (): boolean => {
            while (next < stream.events.length) {
              const event = stream.events[next]!;
              next += 1;
              onEvent(event);
              if (event.terminal) return true;
            }
            return stream.finished;
          };
          const stop = (error?: unknown) => {
            stream.listeners.delete(listener);
            signal.removeEventListener("abort", onAbort);
            if (error === undefined) resolve();
            else reject(error);
          };
          // Runs inside the generation's append: a follower's failure ends that follower only.
          const listener = () => {
            try {
              if (drain()) stop();
            } catch (error) {
              stop(error);
            }
          };
          const onAbort = () => stop();
          if (signal.aborted || drain()) return resolve();
          stream.listeners.add(listener);
          signal.addEventListener("abort", onAbort, { once: true });
        }),
    };
  }

  /** A generation here ends with this process, and its streams with it: none is ever lost. */
  onLost(): void {}

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.streams.clear();
  }
}
