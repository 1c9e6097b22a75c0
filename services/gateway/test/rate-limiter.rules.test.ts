import { Redis } from "ioredis";
import { createMemoryWindowedCounter, createRedisWindowedCounter } from "@chatbot/redis";
import { testStores, uniqueName } from "@chatbot/testkit";
import { RateLimiter } from "../src/domain/access/rate-limiter";
import { clearRedisPrefix } from "./support/gateway-harness";

// Counting itself (per key, concurrent adds, windows, Redis fallback) is the windowed counter's
// contract (packages/redis/test/windowed-counter.contract.test.ts); here: the limit's rule.

function describeRateLimiterRules(adapter: string, make: () => Promise<{ limiter: RateLimiter; close(): Promise<void> }>) {
  describe(`rate limiter on the ${adapter} counter`, () => {
    let made: { limiter: RateLimiter; close(): Promise<void> };
    beforeAll(async () => {
      made = await make();
    });
    afterAll(() => made?.close());

    it("allows the limit per minute, counting down, then refuses until the window resets", async () => {
      const subject = `key:${uniqueName("키")}`;
      const decisions = [];
      for (let i = 0; i < 5; i += 1) decisions.push(await made.limiter.hit(subject));
      expect(decisions.map((decision) => [decision.allowed, decision.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
        [false, 0],
      ]);
      for (const decision of decisions) {
        expect(decision.limit).toBe(3);
        expect(decision.resetSeconds).toBeGreaterThanOrEqual(1);
        expect(decision.resetSeconds).toBeLessThanOrEqual(60);
      }
    });
  });
}

describeRateLimiterRules("memory", async () => {
  const counter = createMemoryWindowedCounter({ windowStart: "first-add" });
  return { limiter: new RateLimiter(counter, 3), close: () => counter.close() };
});

const prefix = `${uniqueName("rl")}:`;

describeRateLimiterRules("Redis", async () => {
  const redis = new Redis(testStores.redisUrl);
  const counter = createRedisWindowedCounter({ redis, keyPrefix: `${prefix}ratelimit:`, windowStart: "first-add", feature: "rate_limit" });
  return {
    limiter: new RateLimiter(counter, 3),
    async close() {
      await counter.close();
      redis.disconnect();
      await clearRedisPrefix(prefix);
    },
  };
});

describe("rate limiter windows", () => {
  it("starts a new window a minute after the first request, and says when in whole seconds", async () => {
    let now = 1_000_000;
    const counter = createMemoryWindowedCounter({ windowStart: "first-add", now: () => now });
    const limiter = new RateLimiter(counter, 1);
    expect(await limiter.hit("key:시계")).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 60 });
    now += 30_000;
    expect(await limiter.hit("key:시계")).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 30 });
    now += 29_999;
    expect(await limiter.hit("key:시계")).toMatchObject({ allowed: false, resetSeconds: 1 });
    now += 1;
    expect((await limiter.hit("key:시계")).allowed).toBe(true);
    await counter.close();
  });

  it("keeps each subject's count in Redis under a key that expires with its window", async () => {
    const redis = new Redis(testStores.redisUrl);
    const counter = createRedisWindowedCounter({ redis, keyPrefix: `${prefix}ratelimit:`, windowStart: "first-add", feature: "rate_limit" });
    try {
      const subject = `key:${uniqueName("만료")}`;
      await new RateLimiter(counter, 5).hit(subject);
      expect(await redis.keys(`${prefix}ratelimit:{${subject}}:*`)).toEqual([`${prefix}ratelimit:{${subject}}:60000`]);
      const ttl = await redis.pttl(`${prefix}ratelimit:{${subject}}:60000`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await counter.close();
      redis.disconnect();
      await clearRedisPrefix(prefix);
    }
  });

  it("takes only a counter whose windows open with the first request", () => {
    expect(() => new RateLimiter(createMemoryWindowedCounter({ windowStart: "clock" }), 1)).toThrow(/first request/);
  });
});
