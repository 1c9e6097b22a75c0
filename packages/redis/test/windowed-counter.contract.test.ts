import { Redis } from "ioredis";
import { freePort, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { createMemoryWindowedCounter, createRedisWindowedCounter, type RedisFallbacks } from "../src";
import type { WindowedCounter, WindowStart } from "@chatbot/core";

interface CounterSettings {
  keyPrefix: string;
  windowStart?: WindowStart;
  now?: () => number;
}

interface Adapter {
  create(settings: CounterSettings): WindowedCounter;
  /** Whether two counters made with the same prefix share their count (as two processes do). */
  shared: boolean;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** One suite, run against the memory adapter and real Redis. */
function windowedCounterContract(name: string, adapter: () => Adapter) {
  describe(`windowed counter (${name})`, () => {
    const made: WindowedCounter[] = [];
    const create = (settings: Partial<CounterSettings> = {}) => {
      const counter = adapter().create({ keyPrefix: `${uniqueName("wc")}:`, ...settings });
      made.push(counter);
      return counter;
    };
    afterAll(async () => {
      for (const counter of made) await counter.close();
    });

    for (const windowStart of ["clock", "first-add"] as const) {
      describe(`windows starting at ${windowStart === "clock" ? "the clock's boundaries" : "the first add"}`, () => {
        it("adds to a key's count and returns the count after the add, per key", async () => {
          const counter = create({ windowStart });
          expect(counter.windowStart).toBe(windowStart);
          expect(await counter.add("요청:가", 1, MINUTE)).toMatchObject({ count: 1 });
          expect(await counter.add("요청:가", 5, MINUTE)).toMatchObject({ count: 6 });
          expect(await counter.add("요청:나", 1, MINUTE)).toMatchObject({ count: 1 });
          expect(await counter.add("요청:가", 0, MINUTE)).toMatchObject({ count: 6 });
        });

        it("counts a key apart for each window length", async () => {
          const counter = create({ windowStart });
          await counter.add("토큰:가", 7, MINUTE);
          await counter.add("토큰:가", 3, DAY);
          expect((await counter.peek("토큰:가", MINUTE)).count).toBe(7);
          expect((await counter.peek("토큰:가", DAY)).count).toBe(3);
        });

        it("peeks without adding, and reads 0 for a key never added to", async () => {
          const counter = create({ windowStart });
          await counter.add("읽기", 4, MINUTE);
          expect((await counter.peek("읽기", MINUTE)).count).toBe(4);
          expect((await counter.peek("읽기", MINUTE)).count).toBe(4);
          const untouched = await counter.peek("없는-키", MINUTE);
          expect(untouched.count).toBe(0);
          expect(untouched.resetInMs).toBeGreaterThan(0);
          expect(untouched.resetInMs).toBeLessThanOrEqual(MINUTE);
        });

        it("reports when the window resets, within the window's length", async () => {
          const counter = create({ windowStart });
          const added = await counter.add("리셋", 1, MINUTE);
          const read = await counter.peek("리셋", MINUTE);
          for (const count of [added, read]) {
            expect(count.resetInMs).toBeGreaterThan(0);
            expect(count.resetInMs).toBeLessThanOrEqual(MINUTE);
          }
          expect(read.resetInMs).toBeLessThanOrEqual(added.resetInMs);
        });

        it("adds to several windows of a key at once, and peeks at them at once", async () => {
          const counter = create({ windowStart });
          const added = await counter.addInWindows("토큰:다", 5, [MINUTE, DAY]);
          expect(added.map((count) => count.count)).toEqual([5, 5]);
          await counter.add("토큰:다", 2, MINUTE);
          const read = await counter.peekInWindows("토큰:다", [DAY, MINUTE]);
          expect(read.map((count) => count.count)).toEqual([5, 7]);
          expect(read[0]!.resetInMs).toBeLessThanOrEqual(DAY);
          expect(read[1]!.resetInMs).toBeLessThanOrEqual(MINUTE);
          for (const count of [...added, ...read]) expect(count.resetInMs).toBeGreaterThan(0);
          expect(await counter.addInWindows("토큰:다", 1, [])).toEqual([]);
          expect(await counter.peekInWindows("토큰:다", [])).toEqual([]);
        });

        it("counts concurrent adds to several windows exactly, in every window", async () => {
          const counter = create({ windowStart });
          const counts = await Promise.all(Array.from({ length: 20 }, () => counter.addInWindows("동시:여럿", 2, [MINUTE, DAY])));
          for (const window of [0, 1]) {
            expect(counts.map((count) => count[window]!.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => 2 * (index + 1)));
          }
        });

        it("counts concurrent adds exactly, each add seeing its own count", async () => {
          const counter = create({ windowStart });
          const counts = await Promise.all(Array.from({ length: 40 }, () => counter.add("동시", 1, MINUTE)));
          expect(counts.map((count) => count.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
          expect((await counter.peek("동시", MINUTE)).count).toBe(40);
        });

        it("starts again from zero once the window has ended", async () => {
          const counter = create({ windowStart });
          await counter.add("짧은-창", 3, 300);
          await waitFor(async () => (await counter.peek("짧은-창", 300)).count === 0, { timeoutMs: 3000, intervalMs: 50, what: "the next window" });
          expect((await counter.add("짧은-창", 2, 300)).count).toBe(2);
        });

        it(adapter().shared ? "shares one count between counters with the same prefix" : "keeps each counter's count its own", async () => {
          const keyPrefix = `${uniqueName("wc_shared")}:`;
          const [first, second] = [create({ windowStart, keyPrefix }), create({ windowStart, keyPrefix })];
          await first.add("공유", 2, MINUTE);
          expect((await second.add("공유", 1, MINUTE)).count).toBe(adapter().shared ? 3 : 1);
        });

        it("keeps counters with different prefixes apart", async () => {
          const [first, second] = [create({ windowStart }), create({ windowStart })];
          await first.add("접두사", 5, MINUTE);
          expect((await second.peek("접두사", MINUTE)).count).toBe(0);
        });

        it("refuses negative or fractional amounts and empty windows", async () => {
          const counter = create({ windowStart });
          await expect(counter.add("잘못", -1, MINUTE)).rejects.toThrow(RangeError);
          await expect(counter.add("잘못", 1.5, MINUTE)).rejects.toThrow(RangeError);
          await expect(counter.add("잘못", 1, 0)).rejects.toThrow(RangeError);
          await expect(counter.peek("잘못", 0.5)).rejects.toThrow(RangeError);
          await expect(counter.addInWindows("잘못", 1, [MINUTE, MINUTE])).rejects.toThrow(RangeError);
          expect((await counter.peek("잘못", MINUTE)).count).toBe(0);
        });
      });
    }

    it("aligns clock windows on the clock: every key's window ends at the same boundary", async () => {
      let now = 1_000 * MINUTE + 45_000;
      const counter = create({ windowStart: "clock", now: () => now });
      expect(await counter.add("정렬:가", 1, MINUTE)).toEqual({ count: 1, resetInMs: 15_000 });
      now += 10_000;
      expect(await counter.add("정렬:나", 1, MINUTE)).toEqual({ count: 1, resetInMs: 5_000 });
      expect(await counter.add("정렬:가", 1, MINUTE)).toEqual({ count: 2, resetInMs: 5_000 });
      now += 5_000;
      expect(await counter.peek("정렬:가", MINUTE)).toEqual({ count: 0, resetInMs: MINUTE });
      expect(await counter.add("정렬:가", 1, MINUTE)).toEqual({ count: 1, resetInMs: MINUTE });
      // A UTC day.
      now = Date.UTC(2026, 11, 7, 18, 0, 0);
      expect(await counter.add("정렬:하루", 10, DAY)).toEqual({ count: 10, resetInMs: 6 * 3_600_000 });
    });

    it("opens a first-add window with the first add, for the window's length", async () => {
      const counter = create({ windowStart: "first-add" });
      const first = await counter.add("처음", 1, MINUTE);
      // Exactly the window on a clock that stands still; Redis's own clock may have moved a few milliseconds.
      expect(first.resetInMs).toBeGreaterThan(MINUTE - 2_000);
      const later = await counter.add("처음", 1, 3_000);
      expect(later).toMatchObject({ count: 1 });
      expect(later.resetInMs).toBeGreaterThan(1_000);
      expect(later.resetInMs).toBeLessThanOrEqual(3_000);
    });
  });
}

describe("windowed counter contract", () => {
  const redisPrefixes: string[] = [];
  let redis: Redis;
  /** A count taken in process memory would hide a Redis that is not there: it fails the test instead. */
  const failOnFallback: RedisFallbacks = {
    used(feature, error) {
      throw new Error(`The Redis counter fell back to memory (${feature})`, { cause: error });
    },
  };

  beforeAll(async () => {
    redis = new Redis(testStores.redisUrl, { maxRetriesPerRequest: 1 });
    // Under CI a missing Redis fails here rather than skipping.
    await redis.ping();
  });
  afterAll(async () => {
    for (const prefix of redisPrefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  });

  windowedCounterContract("redis", () => ({
    shared: true,
    create: ({ keyPrefix, windowStart, now }) => {
      redisPrefixes.push(keyPrefix);
      return createRedisWindowedCounter({
        redis,
        keyPrefix,
        feature: "test",
        fallbacks: failOnFallback,
        ...(windowStart ? { windowStart } : {}),
        ...(now ? { now } : {}),
      });
    },
  }));

  windowedCounterContract("memory", () => ({
    shared: false,
    create: ({ windowStart, now }) => createMemoryWindowedCounter({ ...(windowStart ? { windowStart } : {}), ...(now ? { now } : {}) }),
  }));

  describe("Redis keys", () => {
    it("expire: a clock window's key a little after its window, a first-add window's key with its window", async () => {
      const keyPrefix = `${uniqueName("wc_expiry")}:`;
      redisPrefixes.push(keyPrefix);
      const clock = createRedisWindowedCounter({ redis, keyPrefix: `${keyPrefix}clock:`, feature: "test", fallbacks: failOnFallback });
      const firstAdd = createRedisWindowedCounter({ redis, keyPrefix: `${keyPrefix}first:`, windowStart: "first-add", feature: "test", fallbacks: failOnFallback });
      const { resetInMs } = await clock.add("만료", 1, MINUTE);
      await firstAdd.add("만료", 1, MINUTE);
      const [clockKey] = await redis.keys(`${keyPrefix}clock:*`);
      const [firstAddKey] = await redis.keys(`${keyPrefix}first:*`);
      const clockTtl = await redis.pttl(clockKey!);
      expect(clockTtl).toBeGreaterThan(resetInMs);
      expect(clockTtl).toBeLessThanOrEqual(resetInMs + MINUTE);
      const firstAddTtl = await redis.pttl(firstAddKey!);
      expect(firstAddTtl).toBeGreaterThan(0);
      expect(firstAddTtl).toBeLessThanOrEqual(MINUTE);
      // A key's windows share one hash slot (the key in braces).
      expect(clockKey).toMatch(/\{만료\}/);
      expect(firstAddKey).toMatch(/\{만료\}/);
      // Peeking creates nothing.
      await clock.peek("읽기만", MINUTE);
      await firstAdd.peek("읽기만", MINUTE);
      expect(await redis.keys(`${keyPrefix}*읽기만*`)).toEqual([]);
    });
  });

  describe("Redis unreachable", () => {
    it("counts in this process instead of failing, and tells the fallbacks each time", async () => {
      const port = await freePort();
      const away = new Redis(`redis://127.0.0.1:${port}`, { enableOfflineQueue: false, retryStrategy: () => null });
      away.on("error", () => undefined);
      const used: string[] = [];
      const counter = createRedisWindowedCounter({ redis: away, feature: "rate_limit", fallbacks: { used: (feature) => used.push(feature) } });
      try {
        expect((await counter.add("없는-레디스", 1, MINUTE)).count).toBe(1);
        expect((await counter.add("없는-레디스", 2, MINUTE)).count).toBe(3);
        expect((await counter.peek("없는-레디스", MINUTE)).count).toBe(3);
        // Several windows at once: one operation, one report.
        expect((await counter.addInWindows("없는-레디스", 4, [MINUTE, DAY])).map((count) => count.count)).toEqual([7, 4]);
        expect(used).toEqual(["rate_limit", "rate_limit", "rate_limit", "rate_limit"]);
      } finally {
        await counter.close();
        away.disconnect();
      }
    });
  });
});

describe("memory windowed counter bounds", () => {
  it("drops ended windows before live ones, and past its bound the oldest live ones", async () => {
    let now = 0;
    const counter = createMemoryWindowedCounter({ maxWindows: 2, windowStart: "first-add", now: () => now });
    await counter.add("짧게", 1, 1_000);
    await counter.add("길게", 1, MINUTE);
    now = 2_000;
    // The short window has ended: it makes room, and the long one stays.
    await counter.add("새로", 1, MINUTE);
    expect((await counter.peek("길게", MINUTE)).count).toBe(1);
    expect((await counter.peek("새로", MINUTE)).count).toBe(1);
    // Both live: the one opened first goes.
    await counter.add("하나-더", 1, MINUTE);
    expect((await counter.peek("길게", MINUTE)).count).toBe(0);
    expect((await counter.peek("새로", MINUTE)).count).toBe(1);
    expect((await counter.peek("하나-더", MINUTE)).count).toBe(1);
    await counter.close();
  });

  it("keeps no window after close", async () => {
    const counter = createMemoryWindowedCounter();
    await counter.add("닫기", 1, MINUTE);
    await counter.close();
    expect((await counter.peek("닫기", MINUTE)).count).toBe(0);
  });
});
