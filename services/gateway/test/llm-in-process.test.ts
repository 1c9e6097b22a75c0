import OpenAI from "openai";
import request from "supertest";
import { replyToken, waitFor } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

/**
 * LLM_PROXY_ADDR=in-process: the llm-proxy inside the gateway's process answers chat,
 * /v1, errors, limits, cancellation and health exactly as it does over gRPC.
 */
let harness: GatewayHarness;
let baseUrl: string;
let client: OpenAI;

beforeAll(async () => {
  // One request a minute per caller at the llm-proxy: its own limit, answered through the in-process edge.
  harness = await startGatewayHarness({}, { llmInProcess: true }, { LLM_REQUESTS_PER_MINUTE: "1000" });
  baseUrl = await harness.listen();
  client = new OpenAI({ apiKey: "sk-local-anything", baseURL: `${baseUrl}/v1`, maxRetries: 0 });
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.upstream.reset();
  harness.upstream.configure({ tokens: 8, tokenIntervalMs: 0, latencyMs: 0 });
});

const expectedReply = (tokens: number) => Array.from({ length: tokens }, (_, index) => replyToken(index)).join("");

describe("the llm-proxy in the gateway's process", () => {
  it("streams a stored chat turn and a /v1 completion, the same reply as over gRPC", async () => {
    const created = await request(harness.app).post("/api/sessions").send({});
    const sessionId = created.body.session_id as string;
    const answer = await request(harness.app).post("/api/chat").send({ session_id: sessionId, message: "부산의 날씨를 알려 주세요." });
    expect(answer.status).toBe(200);
    expect(answer.body.content).toBe(expectedReply(8));
    const messages = await request(harness.app).get(`/api/sessions/${sessionId}/messages`);
    expect(messages.body.messages.map((message: { role: string; content: string }) => [message.role, message.content])).toEqual([
      ["user", "부산의 날씨를 알려 주세요."],
      ["assistant", expectedReply(8)],
    ]);

    const stream = await client.chat.completions.create({
      model: "test-model",
      messages: [{ role: "user", content: "안녕하세요" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(expectedReply(8));
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("stops the upstream generation when the client aborts", async () => {
    harness.upstream.configure({ tokens: 200, tokenIntervalMs: 20 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: "test-model", messages: [{ role: "user", content: "아주 길게 말해 주세요." }], stream: true },
      { signal: controller.signal },
    );
    let received = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) received += 1;
      if (received === 3) controller.abort();
    }
    await waitFor(() => harness.upstream.requests.at(-1)?.closedEarly === true, { timeoutMs: 3000 });
    expect(harness.upstream.requests.at(-1)!.tokensSent).toBeLessThan(200);
  });

  it("answers an upstream failure with the same typed error as over gRPC", async () => {
    harness.upstream.fail({ kind: "status", status: 500 });
    const failed = await client.chat.completions
      .create({ model: "test-model", messages: [{ role: "user", content: "실패해 주세요." }] })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failed).toMatchObject({ status: 503, type: "server_error", code: "upstream_unavailable" });

    const chat = await request(harness.app).post("/api/chat").send({ message: "중간에 실패해요." });
    expect(chat.status).toBe(200);
    harness.upstream.fail({ kind: "status", status: 500 });
    const refused = await request(harness.app).post("/api/chat").send({ message: "다시 실패해요." });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe("upstream_unavailable");
  });

  it("reports the llm-proxy in /api/health, with its store, as a service of this process", async () => {
    const health = await request(harness.app).get("/api/health");
    // This harness runs no ingest service, so the whole is degraded; the llm-proxy is not what is down.
    expect(health.body.services["llm-proxy"]).toMatchObject({ status: "ok" });
    expect(health.body.services.session).toMatchObject({ status: "ok" });
    expect(health.body.status).toBe("degraded");
  });
});

describe("the llm-proxy's own limits through the in-process edge", () => {
  let limited: GatewayHarness;
  beforeAll(async () => {
    limited = await startGatewayHarness({}, { llmInProcess: true }, { LLM_REQUESTS_PER_MINUTE: "1" });
  });
  afterAll(() => limited.close());

  it("answers 429 with Retry-After once a caller is over the llm-proxy's request limit", async () => {
    expect((await request(limited.app).post("/api/chat").send({ message: "첫 번째 질문" })).status).toBe(200);
    const refused = await request(limited.app).post("/api/chat").send({ message: "두 번째 질문" });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  });
});
