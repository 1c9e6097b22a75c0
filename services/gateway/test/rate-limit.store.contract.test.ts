import { Redis } from "ioredis";
import { testStores, uniqueName } from "@chatbot/testkit";
import type { RateLimitStore } from "../src/domain/access/rate-limit.store";
import { MemoryRateLimitStore } from "../src/storage/memory-rate-limit.store";
import { RedisRateLimitStore } from "../src/storage/redis-rate-limit.store";
import { clearRedisPrefix } from "./support/gateway-harness";

function describeRateLimiterContract(adapter: string, make: (limit: number) => Promise<{ limiter: RateLimitStore; close(): Promise<void> }>) {
  describe(`rate limiter in ${adapter}`, () => {
    let made: { limiter: RateLimitStore; close(): Promise<void> };
    beforeAll(async () => {
      made = await make(3);
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

    it("counts each subject on its own", async () => {
      const [first, second] = [`key:${uniqueName("가")}`, `key:${uniqueName("나")}`];
      for (let i = 0; i < 3; i += 1) await made.limiter.hit(first);
      expect((await made.limiter.hit(first)).allowed).toBe(false);
      expect(await made.limiter.hit(second)).toMatchObject({ allowed: true, remaining: 2 });
    });

    it("counts concurrent requests exactly", async () => {
      const subject = `key:${uniqueName("동시")}`;
      const decisions = await Promise.all(Array.from({ length: 20 }, () => made.limiter.hit(subject)));
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(3);
    });
  });
}

describeRateLimiterContract("memory", async (limit) => {
  const limiter = new MemoryRateLimitStore(limit);
  return { limiter, close: () => limiter.close() };
});

describeRateLimiterContract("Redis", async (limit) => {
  const prefix = `${uniqueName("rl")}:`;
  const redis = new Redis(testStores.redisUrl);
  const limiter = new RedisRateLimitStore(redis, { limit, prefix });
  return {
    limiter,
    async close() {
      redis.disconnect();
      await clearRedisPrefix(prefix);
    },
  };
});

describe("memory rate limiter windows", () => {
  it("starts a new window a minute after the first request", async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimitStore(1, () => now);
    expect((await limiter.hit("key:시계")).allowed).toBe(true);
    now += 30_000;
    expect(await limiter.hit("key:시계")).toMatchObject({ allowed: false, resetSeconds: 30 });
    now += 30_000;
    expect((await limiter.hit("key:시계")).allowed).toBe(true);
    await limiter.close();
  });
});
