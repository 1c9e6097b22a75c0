import type { Redis } from "ioredis";
import type { RedisFallbacks } from "./bounded-redis";
import { createMemoryWindowedCounter } from "./memory-windowed-counter";
import { checkWindowArguments, clockWindowAt, type WindowCount, type WindowedCounter, type WindowStart } from "@chatbot/core";

export interface RedisWindowedCounterOptions<Feature extends string = string> {
  /** A connection owned by the caller (e.g. from connectBoundedRedis): left open by close(). */
  redis: Redis;
  /** Prepended to every key, after the connection's own prefix if it has one, e.g. "ratelimit:". */
  keyPrefix?: string;
  /** Default "clock". */
  windowStart?: WindowStart;
  /** Told of every operation done in this process's memory because Redis did not answer. */
  fallbacks?: RedisFallbacks<Feature>;
  /** The feature named to `fallbacks`. */
  feature: Feature;
  /** Clock-aligned windows follow this clock (each process's own). */
  now?: () => number;
  /** Bound of the in-process windows counted while Redis is away. */
  maxLocalWindows?: number;
}

/**
 * Clock-aligned: the window's number is part of each key, so the expiry only clears old
 * windows. ARGV[1]: the amount; ARGV[1 + i]: KEYS[i]'s expiry, a little after its window
 * ends so that a process whose clock lags a little still finds the count.
 */
const ADD_IN_CLOCK_WINDOWS = `
local counts = {}
for i = 1, #KEYS do
  counts[i] = redis.call('INCRBY', KEYS[i], ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[i + 1])
end
return counts
`;

/**
 * From the first add: a key's expiry is its window's end, set by the add that created it.
 * ARGV[1 + i]: KEYS[i]'s window length. Returns each key's count and milliseconds left.
 */
const ADD_IN_FIRST_ADD_WINDOWS = `
local result = {}
for i = 1, #KEYS do
  local count = redis.call('INCRBY', KEYS[i], ARGV[1])
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[i + 1])
    ttl = tonumber(ARGV[i + 1])
  end
  result[2 * i - 1] = count
  result[2 * i] = ttl
end
return result
`;

/** Clock-aligned keys outlive their window by its length, at most this much. */
const MAX_EXPIRY_SLACK_MS = 60_000;

/**
 * One count shared by every process in front of the same Redis; each operation is one
 * atomic script or transaction, one round trip. A key's windows are named
 * `<keyPrefix>{<key>}:<window ms>[:<window number>]`: the braces keep all of one key's
 * windows in one hash slot, as a script over several of them needs on a cluster.
 *
 * While Redis is unreachable (or slower than the connection's command timeout) nothing
 * fails: each process counts in its own memory, so a key gets up to its limit from every
 * process, and the shared count goes on from wherever Redis has it once Redis answers
 * again. Each operation done without Redis is reported once to `fallbacks`.
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

  const windowKey = (key: string, windowMs: number, index?: number) =>
    index === undefined ? `${keyPrefix}{${key}}:${windowMs}` : `${keyPrefix}{${key}}:${windowMs}:${index}`;

  async function addInRedis(key: string, amount: number, windowsMs: readonly number[]): Promise<WindowCount[]> {
    if (windowsMs.length === 0) return [];
    if (windowStart === "clock") {
      const at = now();
      const windows = windowsMs.map((windowMs) => ({ windowMs, ...clockWindowAt(at, windowMs) }));
      const keys = windows.map(({ windowMs, index }) => windowKey(key, windowMs, index));
      const expiries = windows.map(({ windowMs, resetInMs }) => resetInMs + Math.min(windowMs, MAX_EXPIRY_SLACK_MS));
      const counts = (await redis.eval(ADD_IN_CLOCK_WINDOWS, keys.length, ...keys, amount, ...expiries)) as number[];
      return windows.map(({ resetInMs }, i) => ({ count: Number(counts[i]), resetInMs }));
    }
    const keys = windowsMs.map((windowMs) => windowKey(key, windowMs));
    const reply = (await redis.eval(ADD_IN_FIRST_ADD_WINDOWS, keys.length, ...keys, amount, ...windowsMs)) as number[];
    return windowsMs.map((_, i) => ({ count: Number(reply[2 * i]), resetInMs: Math.max(1, Number(reply[2 * i + 1])) }));
  }

  async function peekInRedis(key: string, windowsMs: readonly number[]): Promise<WindowCount[]> {
    if (windowsMs.length === 0) return [];
    if (windowStart === "clock") {
      const at = now();
      const windows = windowsMs.map((windowMs) => ({ windowMs, ...clockWindowAt(at, windowMs) }));
      const counts = await redis.mget(...windows.map(({ windowMs, index }) => windowKey(key, windowMs, index)));
      return windows.map(({ resetInMs }, i) => ({ count: Number(counts[i] ?? 0), resetInMs }));
    }
    const transaction = redis.multi();
    for (const windowMs of windowsMs) transaction.get(windowKey(key, windowMs)).pttl(windowKey(key, windowMs));
    const results = await transaction.exec();
    if (!results) throw new Error("Redis discarded the transaction");
    for (const [error] of results) if (error) throw error;
    return windowsMs.map((windowMs, i) => {
      const count = results[2 * i]![1] as string | null;
      const ttl = Number(results[2 * i + 1]![1]);
      // No key (or one without an expiry, which this counter never leaves): no window is open.
      if (count === null || ttl < 0) return { count: count === null ? 0 : Number(count), resetInMs: windowMs };
      return { count: Number(count), resetInMs: Math.max(1, ttl) };
    });
  }

  async function addInWindows(key: string, amount: number, windowsMs: readonly number[]): Promise<WindowCount[]> {
    checkWindowArguments(amount, windowsMs);
    try {
      return await addInRedis(key, amount, windowsMs);
    } catch (error) {
      fallbacks?.used(feature, error);
      return local.addInWindows(key, amount, windowsMs);
    }
  }

  async function peekInWindows(key: string, windowsMs: readonly number[]): Promise<WindowCount[]> {
    checkWindowArguments(0, windowsMs);
    try {
      return await peekInRedis(key, windowsMs);
    } catch (error) {
      fallbacks?.used(feature, error);
      return local.peekInWindows(key, windowsMs);
    }
  }

  return {
    kind: "redis",
    windowStart,
    addInWindows,
    peekInWindows,
    async add(key, amount, windowMs) {
      return (await addInWindows(key, amount, [windowMs]))[0]!;
    },
    async peek(key, windowMs) {
      return (await peekInWindows(key, [windowMs]))[0]!;
    },
    async close() {
      await local.close();
    },
  };
}
