import type { Redis } from "ioredis";
import type { RedisFallbacks } from "./bounded-redis";
import { createMemoryWindowedCounter } from "./memory-windowed-counter";
import { checkWindowArguments, clockWindowAt, type WindowCount, type WindowedCounter, type WindowStart } from "./windowed-counter";

export interface RedisWindowedCounterOptions<Feature extends string = string> {
  /** A connection owned by the caller (e.g. from connectBoundedRedis): left open by close(). */
  redis: Redis;
  /** Prepended to every key, after the connection's own prefix if it has one, e.g. "window:". */
  keyPrefix?: string;
  /** Default "clock". */
  windowStart?: WindowStart;
  /** Told of every count taken in this process because Redis did not answer. */
  fallbacks?: RedisFallbacks<Feature>;
  /** The feature named to `fallbacks`. */
  feature: Feature;
  /** Clock-aligned windows follow this clock (each process's own). */
  now?: () => number;
  /** Bound of the in-process windows counted while Redis is away. */
  maxLocalWindows?: number;
}

/**
 * Clock-aligned: the window's number is part of the key, so the expiry only clears old
 * windows. The key outlives its window by ARGV[2] - reset, so a process whose clock lags a
 * little still finds the count.
 */
const ADD_IN_CLOCK_WINDOW = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return count
`;

/** From the first add: the key's expiry is the window's end, set by the add that created it. */
const ADD_IN_FIRST_ADD_WINDOW = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {count, ttl}
`;

/** Clock-aligned keys outlive their window by its length, at most this much. */
const MAX_EXPIRY_SLACK_MS = 60_000;

/**
 * One count shared by every process in front of the same Redis; each add is one atomic
 * script, one round trip. While Redis is unreachable (or slower than the connection's
 * command timeout) nothing fails: each process counts in its own memory, so a key gets up
 * to its limit from every process, and the shared count goes on from wherever Redis has it
 * once Redis answers again. What the gateway and llm-proxy have always done.
 */
export function createRedisWindowedCounter<Feature extends string>(options: RedisWindowedCounterOptions<Feature>): WindowedCounter {
  const { redis, fallbacks, feature } = options;
  const now = options.now ?? Date.now;
  const windowStart = options.windowStart ?? "clock";
  const keyPrefix = options.keyPrefix ?? "";
  const local = createMemoryWindowedCounter({
    windowStart,
    now,
    ...(options.maxLocalWindows !== undefined ? { maxWindows: options.maxLocalWindows } : {}),
  });

  const clockKey = (key: string, windowMs: number, index: number) => `${keyPrefix}${windowMs}:${key}:${index}`;
  const firstAddKey = (key: string, windowMs: number) => `${keyPrefix}${windowMs}:${key}`;

  async function addInRedis(key: string, amount: number, windowMs: number): Promise<WindowCount> {
    if (windowStart === "clock") {
      const { index, resetInMs } = clockWindowAt(now(), windowMs);
      const expiryMs = resetInMs + Math.min(windowMs, MAX_EXPIRY_SLACK_MS);
      const count = await redis.eval(ADD_IN_CLOCK_WINDOW, 1, clockKey(key, windowMs, index), amount, expiryMs);
      return { count: Number(count), resetInMs };
    }
    const [count, ttl] = (await redis.eval(ADD_IN_FIRST_ADD_WINDOW, 1, firstAddKey(key, windowMs), amount, windowMs)) as [number, number];
    return { count: Number(count), resetInMs: Math.max(1, Number(ttl)) };
  }

  async function peekInRedis(key: string, windowMs: number): Promise<WindowCount> {
    if (windowStart === "clock") {
      const { index, resetInMs } = clockWindowAt(now(), windowMs);
      const count = await redis.get(clockKey(key, windowMs, index));
      return { count: Number(count ?? 0), resetInMs };
    }
    const results = await redis.multi().get(firstAddKey(key, windowMs)).pttl(firstAddKey(key, windowMs)).exec();
    if (!results) throw new Error("Redis discarded the transaction");
    for (const [error] of results) if (error) throw error;
    const count = results[0]![1] as string | null;
    const ttl = Number(results[1]![1]);
    // No key, or one without an expiry (never left by this counter): no window is open.
    if (count === null || ttl < 0) return { count: count === null ? 0 : Number(count), resetInMs: windowMs };
    return { count: Number(count), resetInMs: Math.max(1, ttl) };
  }

  return {
    kind: "redis",
    windowStart,
    async add(key, amount, windowMs) {
      checkWindowArguments(amount, windowMs);
      try {
        return await addInRedis(key, amount, windowMs);
      } catch (error) {
        fallbacks?.used(feature, error);
        return local.add(key, amount, windowMs);
      }
    },
    async peek(key, windowMs) {
      checkWindowArguments(0, windowMs);
      try {
        return await peekInRedis(key, windowMs);
      } catch (error) {
        fallbacks?.used(feature, error);
        return local.peek(key, windowMs);
      }
    },
    async close() {
      await local.close();
    },
  };
}
