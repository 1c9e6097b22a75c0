import request from "supertest";
import { Redis } from "ioredis";
import { testLogger, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { createAccessControl } from "../src";
import { clearRedisPrefix, startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { ADMIN_KEY, accessApp, createKey, type AccessApp } from "./support/access-app";

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
    const redisAccess = {
      access: (config: typeof memory.config, clients: typeof memory.clients) =>
        createAccessControl(config, clients.apiKeys, { logger: testLogger("access"), useRedis: true }),
    };
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
    await waitFor(
      async () => {
        const again = await request(streams.app).post("/api/chat/stream").set("X-API-Key", key).send({ message: "다시 시작" });
        return again.status === 200;
      },
      { what: "the stream slot to come back" },
    );
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
