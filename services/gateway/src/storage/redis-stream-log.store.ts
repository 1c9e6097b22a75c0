import type { Redis } from "ioredis";
import { AppError } from "@chatbot/core";
import { MemoryStreamLogStore } from "./memory-stream-log.store";
import { duplicateForWaiting, type RedisFallbacks } from "./redis-connection";
import type { StreamCapacity } from "../domain/chat/stream-capacity";
import { claimLostStream, StreamLeases } from "./redis-stream-lease";
import type { ChatStreamEvent } from "../domain/chat/chat-stream.events";
import { followIterable, type FollowedStream, type LoggedEvent, type LostStream, type StreamLogStore, type StreamOwner } from "../domain/chat/stream-log.store";

/** Upper bound for a stream still running; renewed to the retention time when it ends. */
const RUNNING_TTL_SECONDS = 3600;
/**
 * Deltas bound for Redis are gathered this long and written as one entry, so a fast
 * stream costs a few Redis writes a second instead of one per token. Only remote
 * readers see this delay; local ones read from memory at once.
 */
const MIRROR_BATCH_MS = 25;
/** Streams whose partial mirror is still to be deleted from Redis; beyond this the oldest are left to expire. */
const MAX_UNMIRRORED = 10_000;

type MirroredEvent = [id: number, data: ChatStreamEvent, terminal: 0 | 1];

/**
 * Streams generated here are served from memory (no Redis round trip per delta for local
 * readers) and mirrored to a Redis Stream, so another gateway instance can replay and
 * follow them. Mirroring is fire-and-forget in order on one connection.
 *
 * While Redis is unreachable: streams go on from memory and can be resumed on this
 * instance; a stream whose mirror missed a write is never mirrored again, and what
 * reached Redis of it is deleted once Redis answers, so another instance never replays
 * half a reply (it answers 404 for such a stream). Resuming a stream this instance does
 * not have answers 503 `stream_store_unavailable` until Redis is back.
 *
 * A running stream holds a lease (see StreamLeases); a follower elsewhere that finds it
 * run out ends the stream with `generation_lost` and reports it (see `onLost`).
 */
export class RedisStreamLogStore implements StreamLogStore {
  private readonly local: MemoryStreamLogStore;
  private readonly followers = new Set<Redis>();
  private readonly pending = new Map<string, { events: MirroredEvent[]; timer: NodeJS.Timeout }>();
  /** Streams not (fully) in Redis, whose keys are deleted once Redis answers. */
  private readonly unmirrored = new Set<string>();
  private readonly leases: StreamLeases;
  private readonly lostHandlers: ((lost: LostStream) => void)[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly options: {
      prefix: string;
      retentionSeconds: number;
      /** How long a stream's lease lasts without renewal: the time to notice its generating instance died. */
      leaseSeconds: number;
      /** Of the streams generated here, kept in memory for local readers. */
      capacity: StreamCapacity;
      fallbacks: RedisFallbacks;
    },
  ) {
    this.local = new MemoryStreamLogStore({ retentionMs: options.retentionSeconds * 1000, ...options.capacity });
    this.leases = new StreamLeases(redis, {
      leaseMs: options.leaseSeconds * 1000,
      key: (messageId) => this.leaseKey(messageId),
      track: (messageId, write) => this.mirror(messageId, write),
      mirrored: (messageId) => !this.unmirrored.has(messageId),
    });
    redis.on("ready", () => {
      for (const messageId of [...this.unmirrored]) this.purge(messageId);
    });
  }

  private eventsKey(messageId: string) {
    return `${this.options.prefix}events:${messageId}`;
  }

  private ownerKey(messageId: string) {
    return `${this.options.prefix}owner:${messageId}`;
  }

  private leaseKey(messageId: string) {
    return `${this.options.prefix}lease:${messageId}`;
  }

  private mirror(messageId: string, promise: Promise<unknown>) {
    promise.catch((error: unknown) => {
      if (this.unmirrored.has(messageId)) return;
      this.unmirrored.add(messageId);
      if (this.unmirrored.size > MAX_UNMIRRORED) this.forgetOldestEnded();
      this.options.fallbacks.used("stream_mirror", error);
      if (!this.local.isRunning(messageId)) this.purge(messageId);
    });
  }

  /** Deletes what reached Redis of a stream whose mirror broke; forgets the stream once it has ended. */
  private purge(messageId: string) {
    this.redis
      .del(this.eventsKey(messageId), this.ownerKey(messageId), this.leaseKey(messageId))
      .then(() => {
        if (!this.local.isRunning(messageId)) this.unmirrored.delete(messageId);
      })
      .catch(() => undefined);
  }

  /** Its keys then run out with their TTL instead. */
  private forgetOldestEnded() {
    for (const messageId of this.unmirrored) {
      if (!this.local.isRunning(messageId)) {
        this.unmirrored.delete(messageId);
        return;
      }
    }
  }

  admit(): void {
    this.local.admit();
  }

  async open(messageId: string, owner: StreamOwner): Promise<void> {
    await this.local.open(messageId, owner);
    this.mirror(messageId, this.redis.set(this.ownerKey(messageId), JSON.stringify(owner), "EX", RUNNING_TTL_SECONDS));
    this.leases.hold(messageId);
  }

  async append(messageId: string, data: ChatStreamEvent, terminal = false): Promise<number> {
    return this.appendNow(messageId, data, terminal);
  }

  appendNow(messageId: string, data: ChatStreamEvent, terminal = false): number {
    const id = this.local.appendNow(messageId, data, terminal);
    let batch = this.pending.get(messageId);
    if (!batch) {
      batch = { events: [], timer: setTimeout(() => this.flush(messageId), MIRROR_BATCH_MS) };
      this.pending.set(messageId, batch);
    }
    batch.events.push([id, data, terminal ? 1 : 0]);
    if (terminal || id === 1) this.flush(messageId);
    return id;
  }

  /** One Redis Stream entry per batch, its id the id of the batch's last event. */
  private flush(messageId: string): void {
    const batch = this.pending.get(messageId);
    if (!batch) return;
    this.pending.delete(messageId);
    clearTimeout(batch.timer);
    const [lastId, , terminal] = batch.events.at(-1)!;
    if (this.unmirrored.has(messageId)) {
      if (terminal) {
        this.leases.release(messageId);
        this.purge(messageId);
      }
      return;
    }
    const key = this.eventsKey(messageId);
    this.mirror(messageId, this.redis.xadd(key, `${lastId}-1`, "e", JSON.stringify(batch.events)));
    if (batch.events[0]![0] === 1) this.mirror(messageId, this.redis.expire(key, RUNNING_TTL_SECONDS));
    if (terminal) {
      this.mirror(messageId, this.redis.expire(key, this.options.retentionSeconds));
      this.mirror(messageId, this.redis.expire(this.ownerKey(messageId), this.options.retentionSeconds));
      this.leases.release(messageId);
    }
  }

  async owner(messageId: string): Promise<StreamOwner | undefined> {
    const local = await this.local.owner(messageId);
    if (local) return local;
    let raw: string | null;
    try {
      raw = await this.redis.get(this.ownerKey(messageId));
    } catch (error) {
      this.options.fallbacks.used("stream_resume", error);
      throw new AppError(
        "unavailable",
        "stream_store_unavailable",
        "The stream store is unreachable: only streams generated by the instance that answered can be resumed right now",
        { retryAfterSeconds: 1, cause: error },
      );
    }
    return raw ? (JSON.parse(raw) as StreamOwner) : undefined;
  }

  follow(messageId: string, afterId: number, signal: AbortSignal): FollowedStream {
    if (this.local.has(messageId)) return this.local.follow(messageId, afterId, signal);
    return followIterable(this.followRemote(messageId, afterId, signal));
  }

  /**
   * A stream generated by another instance: replay then block on XREAD, on a connection
   * of its own. If Redis goes away, or the mirror shows a gap, the stream ends without a
   * terminal event, so the client resumes from its last event id later.
   */
  private async *followRemote(messageId: string, afterId: number, signal: AbortSignal): AsyncIterable<LoggedEvent> {
    const reader = duplicateForWaiting(this.redis);
    this.followers.add(reader);
    const onAbort = () => reader.disconnect();
    signal.addEventListener("abort", onAbort, { once: true });
    let cursor = `${Math.max(0, afterId)}-1`;
    let next = Math.max(0, afterId) + 1;
    // A quiet stream's lease is looked at this often, so a lost one ends within lease + this.
    const quietMs = Math.min(5000, Math.max(100, Math.floor((this.options.leaseSeconds * 1000) / 2)));
    try {
      while (!signal.aborted) {
        const batches = (await reader.xread("BLOCK", quietMs, "STREAMS", this.eventsKey(messageId), cursor)) as [string, [string, string[]][]][] | null;
        if (!batches) {
          if (!(await reader.exists(this.eventsKey(messageId)))) return;
          if (!(await reader.exists(this.leaseKey(messageId)))) {
            await this.claimLost(reader, messageId);
            // Usually the next read hands over the `generation_lost` event, whoever wrote it.
            // A client that heard events the mirror never got is past that event's id, though.
            const end = await this.terminalBefore(reader, messageId, next);
            if (end) {
              yield end;
              return;
            }
          }
          continue;
        }
        for (const [, entries] of batches) {
          for (const [entryId, fields] of entries) {
            cursor = entryId;
            for (const [id, data, terminal] of JSON.parse(fields[1] ?? "[]") as MirroredEvent[]) {
              if (id < next) continue;
              if (id > next) return;
              next = id + 1;
              yield { id, data, terminal: terminal === 1 };
              if (terminal === 1) return;
            }
          }
        }
      }
    } catch (error) {
      if (!signal.aborted) this.options.fallbacks.used("stream_resume", error);
    } finally {
      signal.removeEventListener("abort", onAbort);
      this.followers.delete(reader);
      reader.disconnect();
    }
  }

  /** The stream's terminal event when it was logged below `next`, beyond a follower's cursor. */
  private async terminalBefore(reader: Redis, messageId: string, next: number): Promise<LoggedEvent | undefined> {
    const [last] = await reader.xrevrange(this.eventsKey(messageId), "+", "-", "COUNT", 1);
    const final = last ? (JSON.parse(last[1][1] ?? "[]") as MirroredEvent[]).at(-1) : undefined;
    if (!final || final[2] !== 1 || final[0] >= next) return undefined;
    return { id: final[0], data: final[1], terminal: true };
  }

  onLost(handler: (lost: LostStream) => void): void {
    this.lostHandlers.push(handler);
  }

  /** Ends a stream whose lease ran out; the instance whose claim wins reports it, with what reached Redis. */
  private async claimLost(reader: Redis, messageId: string): Promise<void> {
    const keys = { events: this.eventsKey(messageId), lease: this.leaseKey(messageId), owner: this.ownerKey(messageId) };
    const lostId = await claimLostStream(reader, keys, this.options.retentionSeconds);
    if (lostId === 0) return;
    // Up to the entry before the `generation_lost` one.
    const [raw, entries] = await Promise.all([reader.get(keys.owner), reader.xrange(keys.events, "-", `${lostId - 1}-1`)]);
    if (!raw) return;
    const events: LoggedEvent[] = [];
    for (const [, fields] of entries) {
      for (const [id, data, terminal] of JSON.parse(fields[1] ?? "[]") as MirroredEvent[]) events.push({ id, data, terminal: terminal === 1 });
    }
    const lost: LostStream = { messageId, owner: JSON.parse(raw) as StreamOwner, events };
    for (const handler of this.lostHandlers) handler(lost);
  }

  async close(): Promise<void> {
    for (const messageId of [...this.pending.keys()]) this.flush(messageId);
    this.leases.close();
    for (const reader of this.followers) reader.disconnect();
    await this.local.close();
  }
}
