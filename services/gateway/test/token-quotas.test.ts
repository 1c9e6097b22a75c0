import request from "supertest";
import { Redis } from "ioredis";
import type { WindowedCounter } from "@chatbot/core";
import { createMemoryWindowedCounter } from "@chatbot/redis";
import { testLogger, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { loadGatewayConfig } from "../src";
import { createAccessControl } from "../src/storage/access-stores";
import { TokenQuota } from "../src/domain/access/token-quota";
import { clearRedisPrefix, startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { ADMIN_KEY, accessApp, createKey, type AccessApp } from "./support/access-app";
import { postJson, readChatStream, readSse } from "./support/sse-client";

/** 2031-03-14 09:26:30 UTC; every gateway here reads this clock, which only the tests move. */
const START = Date.UTC(2031, 2, 14, 9, 26, 30);
const clock = { now: START };
const logger = testLogger("token-quotas");
const withClock = (useRedis: boolean) => ({
  access: (config: AccessApp["config"], clients: AccessApp["clients"]) => createAccessControl(config, clients.apiKeys, { logger, useRedis, now: () => clock.now }),
});

let harness: GatewayHarness;
const redisPrefix = `${uniqueName("gwtq")}:`;
const apps: AccessApp[] = [];
let memory: AccessApp;
let memoryUrl: string;
let redisA: AccessApp;
let redisB: AccessApp;
let redisBUrl: string;

const keyed = { AUTH_MODE: "api_key", ADMIN_API_KEY: ADMIN_KEY };

async function app(env: Record<string, string>, useRedis = false): Promise<AccessApp> {
  const made = await accessApp(harness, env, withClock(useRedis));
  apps.push(made);
  return made;
}

beforeAll(async () => {
  harness = await startGatewayHarness();
  // A request limit too, so both kinds of RateLimit-* headers meet.
  memory = await app({ ...keyed, TOKEN_LIMIT_PER_MINUTE: "10", RATE_LIMIT_PER_MINUTE: "1000" });
  memoryUrl = await memory.listen();
  const viaRedis = { ...keyed, TOKEN_LIMIT_PER_MINUTE: "10", REDIS_URL: testStores.redisUrl, REDIS_KEY_PREFIX: redisPrefix };
  redisA = await app(viaRedis, true);
  redisB = await app(viaRedis, true);
  redisBUrl = await redisB.listen();
});
beforeEach(() => {
  clock.now = START;
  harness.upstream.reset();
  harness.upstream.configure({ tokens: 12, tokenIntervalMs: 0, latencyMs: 0 });
});
afterAll(async () => {
  for (const made of apps) await made.close();
  await harness?.close();
  await clearRedisPrefix(redisPrefix);
});

const chat = (target: AccessApp, key: string, body: Record<string, unknown>) =>
  request(target.app)
    .post("/api/chat")
    .set("X-API-Key", key)
    .send({ use_rag: false, ...body });

async function messagesOf(target: AccessApp, key: string, sessionId: string) {
  const response = await request(target.app).get(`/api/sessions/${sessionId}/messages`).set("X-API-Key", key);
  expect(response.status).toBe(200);
  return (response.body.messages as { role: string; content: string }[]).map((message) => [message.role, message.content]);
}

function expectRefused(
  status: number,
  headers: (name: string) => string | null | undefined,
  body: Record<string, any> | undefined,
  expected: { window: "minute" | "day"; limit: number; used: number; retryAfter: number },
) {
  expect(status).toBe(429);
  expect(body).toEqual({
    error: {
      code: "token_quota_exceeded",
      message: expect.any(String),
      details: { window: expected.window, limit: expected.limit, used: expected.used },
    },
    request_id: expect.any(String),
  });
  expect(headers("retry-after")).toBe(String(expected.retryAfter));
  expect(headers("ratelimit-limit")).toBe(String(expected.limit));
  expect(headers("ratelimit-remaining")).toBe("0");
  expect(headers("ratelimit-reset")).toBe(String(expected.retryAfter));
}

const fromSupertest = (response: request.Response) => (name: string) => response.headers[name] as string | undefined;
const fromFetch = (headers: Headers) => (name: string) => headers.get(name);

describe("token quotas per key", () => {
  it("refuses the next chat of a key whose minute is used up, as JSON and as streams, storing nothing", async () => {
    const { key } = await createKey(memory.app, "토큰-테넌트");
    const first = await chat(memory, key, { message: "안녕하세요, 반갑습니다" });
    expect(first.status).toBe(200);
    const used = first.body.usage.total_tokens as number;
    expect(used).toBeGreaterThan(10);
    // The allowed chat keeps the request limit's headers.
    expect(first.headers["ratelimit-limit"]).toBe("1000");
    const sessionId = first.body.session_id as string;
    const before = await messagesOf(memory, key, sessionId);
    expect(before).toEqual([
      ["user", "안녕하세요, 반갑습니다"],
      ["assistant", first.body.content],
    ]);
    const upstreamCalls = harness.upstream.requests.length;

    const expected = { window: "minute" as const, limit: 10, used, retryAfter: 30 };
    const json = await chat(memory, key, { session_id: sessionId, message: "한 번 더 물어볼게요" });
    expectRefused(json.status, fromSupertest(json), json.body, expected);

    const posted = await readSse(`${memoryUrl}/api/chat/stream`, {
      ...postJson({ session_id: sessionId, message: "스트림으로 물어볼게요", use_rag: false }),
      headers: { "Content-Type": "application/json", "X-API-Key": key },
    });
    expect(posted.events).toEqual([]);
    expectRefused(posted.status, fromFetch(posted.headers), posted.body, expected);

    const query = new URLSearchParams({ session_id: sessionId, message: "이벤트소스로 물어볼게요", api_key: key });
    const got = await readSse(`${memoryUrl}/api/chat/stream?${query}`);
    expect(got.events).toEqual([]);
    expectRefused(got.status, fromFetch(got.headers), got.body, expected);

    expect(await messagesOf(memory, key, sessionId)).toEqual(before);
    expect(harness.upstream.requests).toHaveLength(upstreamCalls);

    // Another key of the same tenant has its own quota; the minute's end gives the first one its tokens back.
    const other = await createKey(memory.app, "토큰-테넌트");
    expect((await chat(memory, other.key, { session_id: sessionId, message: "다른 키로 물어봅니다" })).status).toBe(200);
    clock.now = START + 30_000;
    expect((await chat(memory, key, { session_id: sessionId, message: "1분이 지났어요" })).status).toBe(200);
  });

  it("in Redis: two gateway instances share the count, streams included", async () => {
    const { key } = await createKey(redisA.app, "레디스-토큰-테넌트");
    const streamed = await readSse(`${await redisA.listen()}/api/chat/stream`, {
      ...postJson({ message: "스트림으로 길게 답해 주세요", use_rag: false }),
      headers: { "Content-Type": "application/json", "X-API-Key": key },
    });
    expect(streamed.status).toBe(200);
    const done = streamed.events.at(-1)!.data;
    expect(done).toMatchObject({ done: true });
    const sessionId = streamed.events[0]!.data.session_id as string;
    const before = await messagesOf(redisB, key, sessionId);

    const refused = await readSse(`${redisBUrl}/api/chat/stream?${new URLSearchParams({ session_id: sessionId, message: "다른 서버로 물어봅니다", api_key: key })}`);
    expectRefused(refused.status, fromFetch(refused.headers), refused.body, {
      window: "minute",
      limit: 10,
      used: done.usage.total_tokens,
      retryAfter: 30,
    });
    expect(await messagesOf(redisB, key, sessionId)).toEqual(before);

    const other = await createKey(redisB.app, "레디스-토큰-테넌트");
    expect((await chat(redisB, other.key, { message: "다른 키는 됩니다" })).status).toBe(200);
    const redis = new Redis(testStores.redisUrl);
    try {
      expect(await redis.keys(`${redisPrefix}tokens:*`)).not.toHaveLength(0);
    } finally {
      redis.disconnect();
    }
  });

  it("refuses once the day's tokens are spent, even after the minute resets, until UTC midnight", async () => {
    // What one chat costs here: the same prompt in a new session always costs the same.
    const measured = await request(harness.app).post("/api/chat").send({ message: "오늘 하루 계획을 세워 주세요", use_rag: false });
    const cost = measured.body.usage.total_tokens as number;
    const daily = await app({ ...keyed, TOKEN_LIMIT_PER_MINUTE: "1", TOKEN_LIMIT_PER_DAY: String(cost + 1) });
    const { key } = await createKey(daily.app, "하루-테넌트");
    const ask = () => chat(daily, key, { message: "오늘 하루 계획을 세워 주세요" });
    clock.now = Date.UTC(2031, 2, 14, 23, 50, 10);

    expect((await ask()).status).toBe(200);
    const minute = await ask();
    expectRefused(minute.status, fromSupertest(minute), minute.body, { window: "minute", limit: 1, used: cost, retryAfter: 50 });

    clock.now = Date.UTC(2031, 2, 14, 23, 51, 0);
    expect((await ask()).status).toBe(200);
    // Both windows are used up: the answer names the one to wait for.
    const both = await ask();
    expectRefused(both.status, fromSupertest(both), both.body, { window: "day", limit: cost + 1, used: 2 * cost, retryAfter: 540 });

    clock.now = Date.UTC(2031, 2, 14, 23, 52, 0);
    const day = await ask();
    expectRefused(day.status, fromSupertest(day), day.body, { window: "day", limit: cost + 1, used: 2 * cost, retryAfter: 480 });

    clock.now = Date.UTC(2031, 2, 15, 0, 0, 0);
    expect((await ask()).status).toBe(200);
  });

  it("counts per client address without keys", async () => {
    const open = await app({ AUTH_MODE: "none", TOKEN_LIMIT_PER_MINUTE: "1" });
    expect((await request(open.app).post("/api/chat").send({ message: "키 없이 물어봅니다", use_rag: false })).status).toBe(200);
    const refused = await request(open.app).post("/api/chat").send({ message: "또 물어봅니다", use_rag: false });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: "token_quota_exceeded", details: { window: "minute", limit: 1 } });
  });

  it("charges a reply stopped before its end by estimate, and a reply that failed before saying anything not at all", async () => {
    const charges: number[] = [];
    const counter = createMemoryWindowedCounter();
    const recording: WindowedCounter = {
      ...counter,
      addInWindows: async (subject, tokens, windowsMs) => {
        charges.push(tokens);
        return counter.addInWindows(subject, tokens, windowsMs);
      },
    };
    const counted = await accessApp(
      harness,
      { ...keyed, TOKEN_LIMIT_PER_MINUTE: "100000" },
      {
        access: (config, clients) => ({
          ...createAccessControl(config, clients.apiKeys, { logger, useRedis: false }),
          tokens: new TokenQuota(recording, { minute: 100_000 }, logger),
        }),
      },
    );
    apps.push(counted);
    const url = await counted.listen();
    const { key } = await createKey(counted.app, "중단-테넌트");

    const whole = await chat(counted, key, { message: "짧게 답해 주세요" });
    expect(charges).toEqual([whole.body.usage.total_tokens]);

    harness.upstream.configure({ tokens: 400, tokenIntervalMs: 20 });
    const { result: watching, started } = readChatStream(`${url}/api/chat/stream`, {
      ...postJson({ message: "아주 긴 이야기를 들려주세요", use_rag: false }),
      headers: { "content-type": "application/json", "x-api-key": key },
    });
    await waitFor(() => harness.upstream.requests.find((recorded) => recorded.tokensSent >= 5));
    const { messageId } = await started;
    // Stop only once the gateway has part of the reply: the first event, then a chunk.
    const joined = await readSse(`${url}/api/chat/streams/${messageId}`, { headers: { "x-api-key": key } }, { stopAfter: 2 });
    expect(joined.events[1]!.data).toHaveProperty("chunk");
    expect((await request(counted.app).post(`/api/chat/streams/${messageId}/stop`).set("X-API-Key", key)).status).toBe(202);
    const stopped = await watching;
    expect(stopped.events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "interrupted", usage: null });
    // The prompt and the partial reply: more than the whole short reply's prompt alone, fewer than 400 tokens of reply would cost.
    expect(charges).toHaveLength(2);
    expect(charges[1]).toBeGreaterThan(5);
    expect(charges[1]).toBeLessThan(whole.body.usage.total_tokens + 400);

    harness.upstream.fail({ kind: "status", status: 500 });
    expect((await chat(counted, key, { message: "실패할 질문" })).status).toBeGreaterThanOrEqual(500);
    expect(charges).toHaveLength(2);
  });

  it("does not fail a chat whose tokens cannot be charged", async () => {
    const charges: number[] = [];
    const failing: WindowedCounter = {
      ...createMemoryWindowedCounter(),
      addInWindows: async (_subject, tokens) => {
        charges.push(tokens);
        throw new Error("토큰을 기록할 수 없습니다");
      },
    };
    const broken = await accessApp(
      harness,
      { ...keyed, TOKEN_LIMIT_PER_MINUTE: "1" },
      {
        access: (config, clients) => ({
          ...createAccessControl(config, clients.apiKeys, { logger, useRedis: false }),
          tokens: new TokenQuota(failing, { minute: 1 }, logger),
        }),
      },
    );
    apps.push(broken);
    const { key } = await createKey(broken.app, "기록-실패-테넌트");
    const response = await chat(broken, key, { message: "기록이 안 돼도 답해 주세요" });
    expect(response.status).toBe(200);
    expect(charges).toEqual([response.body.usage.total_tokens]);
    expect(await messagesOf(broken, key, response.body.session_id)).toEqual([
      ["user", "기록이 안 돼도 답해 주세요"],
      ["assistant", response.body.content],
    ]);
  });
});

describe("token quota configuration", () => {
  it("is unlimited unless set, and takes whole positive numbers", () => {
    const unset = loadGatewayConfig({ TOKEN_LIMIT_PER_MINUTE: "", TOKEN_LIMIT_PER_DAY: " " });
    expect([unset.TOKEN_LIMIT_PER_MINUTE, unset.TOKEN_LIMIT_PER_DAY]).toEqual([undefined, undefined]);
    expect(loadGatewayConfig({ TOKEN_LIMIT_PER_MINUTE: "20000", TOKEN_LIMIT_PER_DAY: " 1000000 " })).toMatchObject({
      TOKEN_LIMIT_PER_MINUTE: 20_000,
      TOKEN_LIMIT_PER_DAY: 1_000_000,
    });
  });

  it.each([
    [{ TOKEN_LIMIT_PER_MINUTE: "0" }, "TOKEN_LIMIT_PER_MINUTE"],
    [{ TOKEN_LIMIT_PER_MINUTE: "1.5" }, "TOKEN_LIMIT_PER_MINUTE"],
    [{ TOKEN_LIMIT_PER_DAY: "많이" }, "TOKEN_LIMIT_PER_DAY"],
    [{ TOKEN_LIMIT_PER_DAY: "-100" }, "TOKEN_LIMIT_PER_DAY"],
  ])("refuses %p naming the variable", (env, variable) => {
    expect(() => loadGatewayConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable}:`));
  });
});
