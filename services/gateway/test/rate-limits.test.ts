import request from "supertest";
import { Redis } from "ioredis";
import { testLogger, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { createAccessControl } from "../src/auth/access-control";
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from "../src/auth/rate-limiter";
import { StreamSlots } from "../src/auth/stream-slots";
import { clearRedisPrefix, startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { ADMIN_KEY, accessApp, createKey, type AccessApp } from "./support/access-app";

function describeRateLimiterContract(adapter: string, make: (limit: number) => Promise<{ limiter: RateLimiter; close(): Promise<void> }>) {
  describe(`rate limiter in ${adapter}`, () => {
    let made: { limiter: RateLimiter; close(): Promise<void> };
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
  const limiter = new MemoryRateLimiter(limit);
  return { limiter, close: () => limiter.close() };
});

describeRateLimiterContract("Redis", async (limit) => {
  const prefix = `${uniqueName("rl")}:`;
  const redis = new Redis(testStores.redisUrl);
  const limiter = new RedisRateLimiter(redis, { limit, prefix });
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
    const limiter = new MemoryRateLimiter(1, () => now);
    expect((await limiter.hit("key:시계")).allowed).toBe(true);
    now += 30_000;
    expect(await limiter.hit("key:시계")).toMatchObject({ allowed: false, resetSeconds: 30 });
    now += 30_000;
    expect((await limiter.hit("key:시계")).allowed).toBe(true);
    await limiter.close();
  });
});

describe("stream slots", () => {
  it("gives out the cap per subject and takes each back once", () => {
    const slots = new StreamSlots(2);
    const first = slots.acquire("key:가")!;
    const second = slots.acquire("key:가")!;
    expect(slots.acquire("key:가")).toBeNull();
    expect(slots.acquire("key:나")).not.toBeNull();
    first();
    first();
    expect(slots.acquire("key:가")).not.toBeNull();
    expect(slots.acquire("key:가")).toBeNull();
    second();
  });
});

describe("rate limits over HTTP", () => {
  let harness: GatewayHarness;
  const redisPrefix = `${uniqueName("gwrl")}:`;
  let memory: AccessApp;
  let redisBacked: AccessApp;
  let redisTwin: AccessApp;
  let streams: AccessApp;

  beforeAll(async () => {
    harness = await startGatewayHarness();
    const env = { AUTH_MODE: "api_key", ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_PER_MINUTE: "3" };
    memory = await accessApp(harness, env);
    const viaRedis = { ...env, REDIS_URL: testStores.redisUrl, REDIS_KEY_PREFIX: redisPrefix };
    const redisAccess = { access: (config: typeof memory.config, clients: typeof memory.clients) =>
      createAccessControl(config, clients.apiKeys, { logger: testLogger("access"), useRedis: true }) };
    redisBacked = await accessApp(harness, viaRedis, redisAccess);
    redisTwin = await accessApp(harness, viaRedis, redisAccess);
    streams = await accessApp(harness, { AUTH_MODE: "api_key", ADMIN_API_KEY: ADMIN_KEY, MAX_CONCURRENT_STREAMS_PER_KEY: "1" });
  });
  afterAll(async () => {
    for (const app of [memory, redisBacked, redisTwin, streams]) await app?.close();
    await harness?.close();
    await clearRedisPrefix(redisPrefix);
  });

  const expect429 = (response: request.Response) => {
    expect(response.status).toBe(429);
    expect(response.body).toEqual({ error: { code: "rate_limited", message: expect.any(String) }, request_id: expect.any(String) });
    expect(Number(response.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(response.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect(response.headers["ratelimit-limit"]).toBe("3");
    expect(response.headers["ratelimit-remaining"]).toBe("0");
    expect(Number(response.headers["ratelimit-reset"])).toBeGreaterThanOrEqual(1);
  };

  it("in memory: 429 with Retry-After and RateLimit headers after the limit, per key", async () => {
    const { key } = await createKey(memory.app, "제한-테넌트");
    const remaining = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await request(memory.app).post("/api/sessions").set("X-API-Key", key).send({});
      expect(response.status).toBe(201);
      remaining.push(response.headers["ratelimit-remaining"]);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    expect429(await request(memory.app).get("/api/documents").set("X-API-Key", key));
    const other = await createKey(memory.app, "제한-테넌트");
    expect((await request(memory.app).post("/api/sessions").set("X-API-Key", other.key).send({})).status).toBe(201);
    // Probes and the admin API are not counted.
    expect((await request(memory.app).get("/api/health")).headers["ratelimit-limit"]).toBeUndefined();
  });

  it("in Redis: the count is shared by every gateway instance", async () => {
    const { key } = await createKey(redisBacked.app, "레디스-테넌트");
    expect((await request(redisBacked.app).post("/api/sessions").set("X-API-Key", key).send({})).status).toBe(201);
    expect((await request(redisTwin.app).post("/api/sessions").set("X-API-Key", key).send({})).status).toBe(201);
    expect((await request(redisBacked.app).post("/api/sessions").set("X-API-Key", key).send({})).status).toBe(201);
    expect429(await request(redisTwin.app).post("/api/sessions").set("X-API-Key", key).send({}));
    const redis = new Redis(testStores.redisUrl);
    try {
      expect(await redis.keys(`${redisPrefix}ratelimit:*`)).not.toHaveLength(0);
    } finally {
      redis.disconnect();
    }
  });

  it("caps concurrent streams per key and frees the slot when a stream ends", async () => {
    harness.upstream.configure({ tokens: 40, tokenIntervalMs: 50 });
    const { key } = await createKey(streams.app, "스트림-테넌트");
    const url = await streams.listen();
    const controller = new AbortController();
    const first = await fetch(`${url}/api/chat/stream`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-API-Key": key },
      body: JSON.stringify({ message: "천천히 길게 답해 주세요." }),
      signal: controller.signal,
    });
    expect(first.status).toBe(200);
    const second = await request(streams.app).post("/api/chat/stream").set("X-API-Key", key).send({ message: "두 번째 스트림" });
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe("too_many_streams");
    expect(second.headers["retry-after"]).toBe("1");
    const otherKey = await createKey(streams.app, "스트림-테넌트");
    const other = await request(streams.app).get("/api/chat/stream").query({ message: "다른 키는 됩니다" }).set("X-API-Key", otherKey.key);
    expect(other.status).toBe(200);
    controller.abort();
    harness.upstream.configure({ tokens: 3, tokenIntervalMs: 0 });
    await waitFor(async () => {
      const again = await request(streams.app).post("/api/chat/stream").set("X-API-Key", key).send({ message: "다시 시작" });
      return again.status === 200;
    }, { what: "the stream slot to come back" });
  });
});
