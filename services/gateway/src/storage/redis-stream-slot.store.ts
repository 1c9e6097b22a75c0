import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { STREAM_SLOT_LEASE_MS, type ReleaseSlot, type StreamSlotStore } from "../domain/access/stream-slot.store";
import { MemoryStreamSlotStore } from "./memory-stream-slot.store";
import type { RedisFallbacks } from "./redis-connection";

/**
 * A slot is a member of the subject's sorted set, scored by when its lease ends (Redis's
 * clock, so replicas' clocks do not matter). Expired leases are dropped before counting,
 * so the slots of a gateway that died mid-stream come back within one lease.
 */
const ACQUIRE_SCRIPT = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** Extends the leases of the slots still held (those released meanwhile are not brought back). */
const RENEW_SCRIPT = `
local now = redis.call('TIME')
local leaseEnd = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', leaseEnd, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`;

/**
 * Shared by every gateway instance in front of the same Redis. While Redis is unreachable
 * each instance counts its own streams, as rate limits do.
 */
export class RedisStreamSlotStore implements StreamSlotStore {
  private readonly fallback: MemoryStreamSlotStore;
  /** Slots this instance holds in Redis, by subject: renewed together. */
  private readonly held = new Map<string, Set<string>>();
  private readonly instance = randomUUID();
  private sequence = 0;
  private readonly renewer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly options: { limit: number; prefix: string; fallbacks?: RedisFallbacks; leaseMs?: number },
  ) {
    this.fallback = new MemoryStreamSlotStore(options.limit);
    this.renewer = setInterval(() => void this.renew(), this.leaseMs / 3);
    this.renewer.unref();
  }

  get limit(): number {
    return this.options.limit;
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? STREAM_SLOT_LEASE_MS;
  }

  private keyOf(subject: string): string {
    return `${this.options.prefix}streams:${subject}`;
  }

  async acquire(subject: string): Promise<ReleaseSlot | null> {
    const member = `${this.instance}:${(this.sequence += 1)}`;
    const key = this.keyOf(subject);
    let granted: number;
    try {
      granted = Number(await this.redis.eval(ACQUIRE_SCRIPT, 1, key, this.limit, this.leaseMs, member));
    } catch (error) {
      this.options.fallbacks?.used("stream_slots", error);
      return this.fallback.acquireNow(subject);
    }
    if (granted !== 1) return null;
    let members = this.held.get(subject);
    if (!members) this.held.set(subject, (members = new Set()));
    members.add(member);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      members.delete(member);
      if (members.size === 0 && this.held.get(subject) === members) this.held.delete(subject);
      // A release that cannot reach Redis is left to the lease.
      this.redis.zrem(key, member).catch((error: unknown) => this.options.fallbacks?.used("stream_slots", error));
    };
  }

  private async renew(): Promise<void> {
    for (const [subject, members] of this.held) {
      if (members.size === 0) continue;
      await this.redis
        .eval(RENEW_SCRIPT, 1, this.keyOf(subject), this.leaseMs, ...members)
        .catch((error: unknown) => this.options.fallbacks?.used("stream_slots", error));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.renewer);
    await this.fallback.close();
  }
}
