import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Release, SessionLockStore } from "../domain/chat/session-lock.store";
import { MemorySessionLockStore } from "./memory-session-lock.store";
import type { RedisFallbacks } from "./redis-connection";

const RELEASE_IF_OWNER = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND_IF_OWNER = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/**
 * A Redis lease per session: SET NX with a short TTL, extended while the generation runs,
 * so a crashed instance frees the session within `ttlMs` instead of locking it forever.
 * This instance's own rule is checked first, so it holds here whatever Redis does; while
 * Redis is unreachable it is the only rule (one generation per session per instance) and
 * chat keeps working.
 */
export class RedisSessionLockStore implements SessionLockStore {
  private readonly local = new MemorySessionLockStore();

  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix: string; ttlMs: number; fallbacks?: RedisFallbacks },
  ) {}

  async tryAcquire(sessionId: string): Promise<Release | undefined> {
    const releaseLocal = await this.local.tryAcquire(sessionId);
    if (!releaseLocal) return undefined;
    const key = `${this.options.prefix}lock:${sessionId}`;
    const token = randomUUID();
    let acquired: string | null;
    try {
      acquired = await this.redis.set(key, token, "PX", this.options.ttlMs, "NX");
    } catch (error) {
      this.options.fallbacks?.used("session_lock", error);
      return releaseLocal;
    }
    if (acquired !== "OK") {
      await releaseLocal();
      return undefined;
    }
    const renew = setInterval(
      () => {
        this.redis.eval(EXTEND_IF_OWNER, 1, key, token, String(this.options.ttlMs)).catch(() => undefined);
      },
      Math.max(100, Math.floor(this.options.ttlMs / 3)),
    );
    renew.unref();
    return async () => {
      clearInterval(renew);
      // Redis first: until its lease is gone, another request here would only be refused by Redis.
      await this.redis.eval(RELEASE_IF_OWNER, 1, key, token).catch(() => undefined);
      await releaseLocal();
    };
  }
}
