import request from "supertest";
import { Redis } from "ioredis";
import { freePort, testLogger, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { createAccessControl } from "../src/storage/access-stores";
import type { RateLimitStore } from "../src/domain/access/rate-limit.store";
import { MemoryRateLimitStore } from "../src/storage/memory-rate-limit.store";
import { RedisRateLimitStore } from "../src/storage/redis-rate-limit.store";
import type { StreamSlotStore } from "../src/domain/access/stream-slot.store";
import { MemoryStreamSlotStore } from "../src/storage/memory-stream-slot.store";
import { RedisStreamSlotStore } from "../src/storage/redis-stream-slot.store";
import { clearRedisPrefix, startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { ADMIN_KEY, accessApp, createKey, type AccessApp } from "./support/access-app";

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

function describeStreamSlotsContract(adapter: string, make: (limit: number) => Promise<{ slots: StreamSlotStore; twin: StreamSlotStore; close(): Promise<void> }>) {
  describe(`stream slots in ${adapter}`, () => {
    let made: { slots: StreamSlotStore; twin: StreamSlotStore; close(): Promise<void> };
    beforeAll(async () => {
      made = await make(2);
    });
    afterAll(() => made?.close());

    it("gives out the cap per subject and takes each back once", async () => {
      const [subject, other] = [`key:${uniqueName("가")}`, `key:${uniqueName("나")}`];
      const first = (await made.slots.acquire(subject))!;
      const second = (await made.slots.acquire(subject))!;
      expect(first).toEqual(expect.any(Function));
      expect(second).toEqual(expect.any(Function));
      expect(await made.slots.acquire(subject)).toBeNull();
      expect(await made.slots.acquire(other)).not.toBeNull();
      first();
      first();
      await waitFor(async () => {
        const again = await made.slots.acquire(subject);
        return again !== null;
      }, { what: "the released slot" });
      expect(await made.slots.acquire(subject)).toBeNull();
      second();
    });

    it("hands out exactly the cap to concurrent requests", async () => {
      const subject = `key:${uniqueName("동시")}`;
      const granted = await Promise.all(Array.from({ length: 12 }, () => made.slots.acquire(subject)));
      expect(granted.filter(Boolean)).toHaveLength(2);
    });

    it(adapter === "Redis" ? "shares the cap between gateway instances" : "keeps each instance's count its own", async () => {
      const subject = `key:${uniqueName("공유")}`;
      expect(await made.slots.acquire(subject)).not.toBeNull();
      expect(await made.slots.acquire(subject)).not.toBeNull();
      const fromTwin = await made.twin.acquire(subject);
      if (adapter === "Redis") expect(fromTwin).toBeNull();
      else expect(fromTwin).not.toBeNull();
    });
  });
}

describeStreamSlotsContract("memory", async (limit) => {
  const slots = new MemoryStreamSlotStore(limit);
  const twin = new MemoryStreamSlotStore(limit);
  return { slots, twin, close: async () => undefined };
});

describeStreamSlotsContract("Redis", async (limit) => {
  const prefix = `${uniqueName("slots")}:`;
  const redis = new Redis(testStores.redisUrl);
  const slots = new RedisStreamSlotStore(redis, { limit, prefix });
  const twin = new RedisStreamSlotStore(redis, { limit, prefix });
  return {
    slots,
    twin,
    async close() {
      await slots.close();
      await twin.close();
      redis.disconnect();
      await clearRedisPrefix(prefix);
    },
  };
});

describe("stream slots in Redis, when a gateway is gone or Redis is", () => {
  it("gets back the slots of an instance that stopped without releasing them once their lease ends, and keeps renewed ones", async () => {
    const prefix = `${uniqueName("lease")}:`;
    const redis = new Redis(testStores.redisUrl);
    const gone = new RedisStreamSlotStore(redis, { limit: 1, prefix, leaseMs: 600 });
    const alive = new RedisStreamSlotStore(redis, { limit: 1, prefix, leaseMs: 600 });
    try {
      expect(await gone.acquire("key:사라진")).not.toBeNull();
      await gone.close(); // stops renewing, as a killed process would
      expect(await alive.acquire("key:사라진")).toBeNull();
      await waitFor(async () => (await alive.acquire("key:사라진")) !== null, { what: "the dead instance's lease to end" });
      // The living instance renews its slot: it is still held after several leases.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await gone.acquire("key:사라진")).toBeNull();
    } finally {
      await alive.close();
      redis.disconnect();
      await clearRedisPrefix(prefix);
    }
  });

  it("counts per instance while Redis cannot be reached", async () => {
    const unreachable = new Redis({ port: await freePort(), lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    unreachable.on("error", () => undefined);
    const used: string[] = [];
    const slots = new RedisStreamSlotStore(unreachable, { limit: 1, prefix: "x:", fallbacks: { used: (feature) => void used.push(feature) } });
    try {
      const held = await slots.acquire("key:오프라인");
      expect(held).not.toBeNull();
      expect(await slots.acquire("key:오프라인")).toBeNull();
      held!();
      expect(await slots.acquire("key:오프라인")).not.toBeNull();
      expect(used[0]).toBe("stream_slots");
    } finally {
      await slots.close();
      unreachable.disconnect();
    }
  });
});

describe("rate limits over HTTP", () => {
  let harness: GatewayHarness;
  const redisPrefix = `${uniqueName("gwrl")}:`;
  let memory: AccessApp;
  let redisBacked: AccessApp;
  let redisTwin: AccessApp;
  let streams: AccessApp;
  let keyless: AccessApp;

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
    keyless = await accessApp(harness, { AUTH_MODE: "none" });
  });
  afterAll(async () => {
    for (const app of [memory, redisBacked, redisTwin, streams, keyless]) await app?.close();
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

  it("without keys, lets one caller (a frontend's server) hold many streams at once", async () => {
    harness.upstream.configure({ tokens: 40, tokenIntervalMs: 50 });
    const url = await keyless.listen();
    const controller = new AbortController();
    try {
      const opened = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          fetch(`${url}/api/chat/stream`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ message: `사용자 ${index}의 질문입니다.` }),
            signal: controller.signal,
          }).then((response) => response.status),
        ),
      );
      expect(opened).toEqual(Array.from({ length: 40 }, () => 200));
    } finally {
      controller.abort();
      harness.upstream.configure({ tokens: 3, tokenIntervalMs: 0 });
    }
  });
});
