import { capacityExhausted, eventBytes, type StreamCapacity } from "../domain/chat/stream-capacity";
import type { ChatStreamEvent } from "../domain/chat/chat-stream.events";
import type { FollowedStream, LoggedEvent, StreamLogStore, StreamOwner } from "../domain/chat/stream-log.store";

interface Stream {
  owner: StreamOwner;
  events: LoggedEvent[];
  finished: boolean;
  /** Estimated memory held by its events (see eventBytes). */
  bytes: number;
  /** Followers waiting for the next event, each told synchronously when one is appended. */
  listeners: Set<() => void>;
  /** Drops it once its retention has passed. */
  expiry?: NodeJS.Timeout;
}

export interface MemoryStreamLogOptions extends StreamCapacity {
  /** A finished stream is kept this long, unless room is needed sooner. */
  retentionMs: number;
}

/**
 * The stream log of one gateway instance. Streams are dropped `retentionMs` after they
 * end, or earlier, oldest finished first, when more than `maxStreams` or `maxBytes` are
 * held; when running streams alone fill it, a new stream is refused (`unavailable`).
 */
export class MemoryStreamLogStore implements StreamLogStore {
  private readonly streams = new Map<string, Stream>();
  /** Finished streams, oldest first: the order they are dropped in when room is needed. */
  private readonly finished = new Set<string>();
  private bytes = 0;

  constructor(private readonly options: MemoryStreamLogOptions) {}

  /** Throws `unavailable` when no new stream fits even after dropping every finished one. */
  admit(): void {
    while (this.full() && this.dropOldestFinished());
    if (this.full()) throw capacityExhausted();
  }

  async open(messageId: string, owner: StreamOwner): Promise<void> {
    this.admit();
    this.streams.set(messageId, { owner, events: [], finished: false, bytes: 0, listeners: new Set() });
  }

  private full(): boolean {
    return this.streams.size >= this.options.maxStreams || this.bytes >= this.options.maxBytes;
  }

  /** False when no finished stream is left to drop. */
  private dropOldestFinished(): boolean {
    const [oldest] = this.finished;
    if (oldest === undefined) return false;
    this.drop(oldest);
    return true;
  }

  private drop(messageId: string): void {
    const stream = this.streams.get(messageId);
    if (!stream) return;
    clearTimeout(stream.expiry);
    this.streams.delete(messageId);
    this.finished.delete(messageId);
    this.bytes -= stream.bytes;
  }

  /** Synchronous on purpose: the hot path of every delta takes no promise round trip. */
  appendNow(messageId: string, data: ChatStreamEvent, terminal = false): number {
    const stream = this.streams.get(messageId);
    if (!stream) throw new Error(`stream ${messageId} is not open`);
    if (stream.finished) return stream.events.length;
    const event: LoggedEvent = { id: stream.events.length + 1, data, terminal };
    stream.events.push(event);
    const bytes = eventBytes(data);
    stream.bytes += bytes;
    this.bytes += bytes;
    // Running streams keep growing; finished ones make way for them.
    while (this.bytes > this.options.maxBytes && this.dropOldestFinished());
    if (terminal) {
      stream.finished = true;
      this.finished.add(messageId);
      stream.expiry = setTimeout(() => this.drop(messageId), this.options.retentionMs);
      stream.expiry.unref();
    }
    for (const listener of stream.listeners) listener();
    return event.id;
  }

  async append(messageId: string, data: ChatStreamEvent, terminal = false): Promise<number> {
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
    for (const stream of this.streams.values()) clearTimeout(stream.expiry);
    this.streams.clear();
    this.finished.clear();
    this.bytes = 0;
  }
}
