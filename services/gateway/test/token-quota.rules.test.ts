import { Redis } from "ioredis";
import type { WindowedCounter } from "@chatbot/core";
import { createMemoryWindowedCounter, createRedisWindowedCounter } from "@chatbot/redis";
import { freePort, testLogger, testStores, uniqueName } from "@chatbot/testkit";
import type { RedisFeature } from "../src/storage/redis-connection";
import { TOKEN_WINDOW_MS, TokenQuota } from "../src/domain/access/token-quota";
import { clearRedisPrefix } from "./support/gateway-harness";

// Counting itself (per key, concurrent adds, clock windows, Redis fallback) is the windowed
// counter's contract (packages/redis/test/windowed-counter.contract.test.ts); here: the quota's rules.

/** 2031-03-14 09:26:30.250 UTC: 29.75 s left in the minute, 14 h 33 min 29.75 s in the day. */
const START = Date.UTC(2031, 2, 14, 9, 26, 30, 250);
const MINUTE_LEFT_MS = 29_750;
const DAY_LEFT_MS = (14 * 3600 + 33 * 60 + 29) * 1000 + 750;
const WINDOWS_MS = [TOKEN_WINDOW_MS.minute, TOKEN_WINDOW_MS.day];
const logger = testLogger("token-quota");

interface Made {
  counter: WindowedCounter;
  clock: { now: number };
  close(): Promise<void>;
}

function describeTokenQuotaRules(adapter: string, make: (clock: { now: number }) => Promise<Omit<Made, "clock">>) {
  describe(`token quota on the ${adapter} counter`, () => {
    let made: Made;
    beforeAll(async () => {
      const clock = { now: START };
      made = { ...(await make(clock)), clock };
    });
    beforeEach(() => {
      made.clock.now = START;
    });
    afterAll(() => made?.close());

    const subject = (label: string) => `key:${uniqueName(label)}`;

    it("allows a subject under both limits and names the window that resets last when both are used up", async () => {
      const quota = new TokenQuota(made.counter, { minute: 100, day: 150 }, logger);
      const owner = subject("결정");
      expect(await quota.exhausted(owner)).toBeNull();
      await quota.charge(owner, 99);
      expect(await quota.exhausted(owner)).toBeNull();
      await quota.charge(owner, 1);
      expect(await quota.exhausted(owner)).toEqual({ window: "minute", limit: 100, used: 100, resetSeconds: 30 });
      made.clock.now += MINUTE_LEFT_MS;
      expect(await quota.exhausted(owner)).toBeNull();
      await quota.charge(owner, 60);
      expect(await quota.exhausted(owner)).toEqual({ window: "day", limit: 150, used: 160, resetSeconds: Math.ceil((DAY_LEFT_MS - MINUTE_LEFT_MS) / 1000) });
      made.clock.now = START + DAY_LEFT_MS;
      expect(await quota.exhausted(owner)).toBeNull();
    });

    it("charges both windows in whole tokens: a fraction counts as one, nothing or less is not charged", async () => {
      const quota = new TokenQuota(made.counter, { day: 1000 }, logger);
      const owner = subject("반올림");
      await quota.charge(owner, 10.2);
      await quota.charge(owner, 0);
      await quota.charge(owner, -5);
      await quota.charge(owner, Number.NaN);
      expect((await made.counter.peekInWindows(owner, WINDOWS_MS)).map(({ count }) => count)).toEqual([11, 11]);
    });
  });
}

describeTokenQuotaRules("memory", async (clock) => {
  const counter = createMemoryWindowedCounter({ windowStart: "clock", now: () => clock.now });
  return { counter, close: () => counter.close() };
});

const redisPrefix = `${uniqueName("tq")}:`;

describeTokenQuotaRules("Redis", async (clock) => {
  const redis = new Redis(testStores.redisUrl);
  const counter = createRedisWindowedCounter({ redis, keyPrefix: `${redisPrefix}tokens:`, feature: "token_quota", now: () => clock.now });
  return {
    counter,
    async close() {
      await counter.close();
      redis.disconnect();
    },
  };
});

describe("token quota in Redis", () => {
  afterAll(() => clearRedisPrefix(redisPrefix));

  it("keeps a subject's minute and day under keys that expire a little after their window", async () => {
    const redis = new Redis(testStores.redisUrl);
    const counter = createRedisWindowedCounter({ redis, keyPrefix: `${redisPrefix}tokens:`, feature: "token_quota" });
    try {
      const owner = `key:${uniqueName("만료")}`;
      await new TokenQuota(counter, { minute: 1000 }, logger).charge(owner, 42);
      const keys = (await redis.keys(`${redisPrefix}tokens:{${owner}}:*`)).sort();
      expect(keys).toEqual([expect.stringMatching(new RegExp(`^.*:60000:\\d+$`)), expect.stringMatching(new RegExp(`^.*:86400000:\\d+$`))]);
      for (const key of keys) {
        const ttl = await redis.pttl(key);
        expect(ttl).toBeGreaterThan(60_000);
        expect(ttl).toBeLessThanOrEqual((key.includes(":60000:") ? 60_000 : 86_400_000) + 60_000);
      }
    } finally {
      await counter.close();
      redis.disconnect();
    }
  });

  it("counts in memory on its own while Redis is unreachable, reporting each operation's fallback once", async () => {
    // Nothing listens on this port: every command fails at once, as with a Redis that went away
    // (no reconnect attempts, which would outlive the test).
    const redis = new Redis(`redis://127.0.0.1:${await freePort()}`, { enableOfflineQueue: false, retryStrategy: () => null });
    redis.on("error", () => undefined);
    const used: RedisFeature[] = [];
    const counter = createRedisWindowedCounter<RedisFeature>({
      redis,
      keyPrefix: `${redisPrefix}tokens:`,
      feature: "token_quota",
      fallbacks: { used: (feature) => void used.push(feature) },
    });
    const quota = new TokenQuota(counter, { minute: 42 }, logger);
    try {
      const owner = `key:${uniqueName("장애")}`;
      await quota.charge(owner, 30);
      await quota.charge(owner, 12);
      expect(await quota.exhausted(owner)).toMatchObject({ window: "minute", limit: 42, used: 42 });
      expect(used).toEqual(["token_quota", "token_quota", "token_quota"]);
    } finally {
      await counter.close();
      redis.disconnect();
    }
  });
});

describe("token quota decisions", () => {
  it("lets chats through when the counter cannot answer", async () => {
    const broken: WindowedCounter = {
      ...createMemoryWindowedCounter(),
      peekInWindows: () => Promise.reject(new Error("저장소 고장")),
      addInWindows: () => Promise.reject(new Error("저장소 고장")),
    };
    expect(await new TokenQuota(broken, { minute: 1 }, logger).exhausted("key:고장")).toBeNull();
  });

  it("takes only a counter whose windows are aligned on the clock", () => {
    expect(() => new TokenQuota(createMemoryWindowedCounter({ windowStart: "first-add" }), { minute: 1 }, logger)).toThrow(/clock/);
  });
});
