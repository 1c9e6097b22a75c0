import OpenAI, { APIError } from "openai";
import request from "supertest";
import { callUnary } from "@chatbot/grpc";
import { loadLlmProxyConfig, startLlmProxyService } from "@chatbot/llm-proxy";
import { createMetricsRegistry } from "@chatbot/observability";
import { llmProxyEnvFor, replyToken, testLogger, waitFor } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { ADMIN_KEY, accessApp, createKey, type AccessApp } from "./support/access-app";

/**
 * The official `openai` SDK against the gateway's /v1 in front of the test kit's OpenAI
 * upstream: chat completions (whole and streamed), models, the extensions, and every
 * error as the SDK's typed class.
 */
let harness: GatewayHarness;
let baseUrl: string;
let client: OpenAI;

beforeAll(async () => {
  harness = await startGatewayHarness();
  baseUrl = await harness.listen();
  client = new OpenAI({ apiKey: "sk-local-anything", baseURL: `${baseUrl}/v1`, maxRetries: 0 });
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.upstream.reset();
  harness.upstream.configure({ tokens: 8, tokenIntervalMs: 0, latencyMs: 0 });
});

const expectedReply = (tokens: number) => Array.from({ length: tokens }, (_, index) => replyToken(index)).join("");

type Sent = { messages: { role: string; content: string }[]; [field: string]: unknown };
const lastSent = () => harness.upstream.requests.at(-1)!.body as Sent;

async function storedRows(): Promise<number> {
  const counted = await harness.sql.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM ${harness.schema}.sessions)::int + (SELECT count(*) FROM ${harness.schema}.messages)::int AS n`,
  );
  return counted.rows[0]!.n;
}

/** Extra body fields, as the SDK passes them through. */
type Extended<T> = T & { session_id?: string; use_rag?: boolean; k?: number; filters?: { document_ids?: string[] } };
type WithExtensions<T> = T & { session_id?: string; sources?: { document_id: string; title: string; page: number | null }[] };

async function caught(promise: Promise<unknown>): Promise<APIError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as APIError;
}

describe("models", () => {
  it("lists the configured model and retrieves it; an unknown one is NotFoundError model_not_found", async () => {
    const listed = [];
    for await (const model of client.models.list()) listed.push(model);
    expect(listed).toEqual([{ id: "test-model", object: "model", created: expect.any(Number), owned_by: "openai" }]);
    expect(await client.models.retrieve("test-model")).toEqual(listed[0]);
    const error = await caught(client.models.retrieve("없는-모델"));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, code: "model_not_found", type: "invalid_request_error", param: "model" });
  });
});

describe("chat completions, stateless", () => {
  it("answers with a chat.completion from the request's own messages, stores nothing, and echoes x-request-id", async () => {
    const before = await storedRows();
    const { data, request_id, response } = await client.chat.completions
      .create({
        model: "test-model",
        messages: [
          { role: "system", content: "당신은 친절한 여행 안내원입니다." },
          { role: "user", content: "부산에서 가볼 만한 곳을 알려 주세요." },
          { role: "assistant", content: "해운대를 추천합니다." },
          { role: "user", content: [{ type: "text", text: "그 밖에는요?" }] },
        ],
        temperature: 0.3,
        top_p: 0.9,
        max_tokens: 100,
        stop: "끝",
        user: "사용자-1",
        seed: 7,
      })
      .withResponse();
    expect(data).toEqual({
      id: expect.stringMatching(/^chatcmpl-[0-9a-f-]{36}$/),
      object: "chat.completion",
      created: expect.any(Number),
      model: "test-model",
      system_fingerprint: null,
      choices: [{ index: 0, message: { role: "assistant", content: expectedReply(8), refusal: null, annotations: [] }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: 8, total_tokens: expect.any(Number) },
    });
    expect(Math.abs(data.created - Date.now() / 1000)).toBeLessThan(60);
    expect(request_id).toBe(response.headers.get("x-request-id"));
    const sent = lastSent();
    // The client's messages are the prompt, as written: its own system message, no gateway prompt.
    expect(sent.messages).toEqual([
      { role: "system", content: "당신은 친절한 여행 안내원입니다." },
      { role: "user", content: "부산에서 가볼 만한 곳을 알려 주세요." },
      { role: "assistant", content: "해운대를 추천합니다." },
      { role: "user", content: "그 밖에는요?" },
    ]);
    expect(sent).toMatchObject({ temperature: 0.3, top_p: 0.9, max_tokens: 100, stop: ["끝"] });
    expect(await storedRows()).toBe(before);
  });

  it("streams chunks ending with finish_reason, a usage chunk with include_usage, and [DONE]", async () => {
    const before = await storedRows();
    const stream = await client.chat.completions.create({
      model: "test-model",
      messages: [{ role: "user", content: "서울 날씨를 알려 주세요." }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]!.choices[0]).toEqual({ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk" && chunk.model === "test-model")).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe(expectedReply(8));
    const [finishing, usage] = chunks.slice(-2);
    expect(finishing!.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]);
    expect(finishing!.usage).toBeNull();
    expect(usage!.choices).toEqual([]);
    expect(usage!.usage).toEqual({ prompt_tokens: expect.any(Number), completion_tokens: 8, total_tokens: expect.any(Number) });
    expect(await storedRows()).toBe(before);
  });

  it("speaks the exact wire format: data lines, no usage field without include_usage, data: [DONE] last", async () => {
    const response = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sk-local-anything" },
      body: JSON.stringify({ model: "test-model", messages: [{ role: "user", content: "안녕하세요" }], stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const events = (await response.text()).split("\n\n").filter(Boolean);
    expect(events.every((event) => event.startsWith("data: "))).toBe(true);
    expect(events.at(-1)).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice(6)) as Record<string, unknown>);
    expect(chunks.every((chunk) => !("usage" in chunk))).toBe(true);
    // The role chunk, the text (the proxy may join deltas that arrive together), the finish chunk.
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.map((chunk) => (chunk as { choices: { delta: { content?: string } }[] }).choices[0]!.delta.content ?? "").join("")).toBe(expectedReply(8));
  });

  it("accumulates with the SDK's stream helper into the same completion", async () => {
    const stream = client.chat.completions.stream({ model: "test-model", messages: [{ role: "user", content: "짧게 인사해 주세요." }] });
    const deltas: string[] = [];
    stream.on("content", (delta) => deltas.push(delta));
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]!.message.content).toBe(expectedReply(8));
    expect(completion.choices[0]!.finish_reason).toBe("stop");
    expect(deltas.join("")).toBe(expectedReply(8));
  });

  it("reports finish_reason length when max_completion_tokens cuts the reply, and greedy decoding for temperature 0", async () => {
    const completion = await client.chat.completions.create({
      model: "test-model",
      messages: [{ role: "user", content: "길게 설명해 주세요." }],
      max_completion_tokens: 3,
      temperature: 0,
    });
    expect(completion.choices[0]).toMatchObject({ finish_reason: "length", message: { content: expectedReply(3) } });
    expect(lastSent()).toMatchObject({ max_tokens: 3, temperature: 0 });
  });

  it("answers a repeated deterministic request from the proxy's cache", async () => {
    const body = { model: "test-model", messages: [{ role: "user" as const, content: "캐시에서 답해 주세요." }], temperature: 0 };
    const first = await client.chat.completions.create(body);
    const calls = harness.upstream.requests.length;
    const second = await client.chat.completions.create(body);
    expect(second.choices[0]!.message.content).toBe(first.choices[0]!.message.content);
    expect(harness.upstream.requests).toHaveLength(calls);
  });

  it("stops the upstream generation when the client aborts a stream, and stores nothing", async () => {
    harness.upstream.configure({ tokens: 200, tokenIntervalMs: 20 });
    const before = await storedRows();
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: "test-model", messages: [{ role: "user", content: "아주 길게 이야기해 주세요." }], stream: true },
      { signal: controller.signal },
    );
    let received = 0;
    // The SDK ends the iteration quietly when its own signal aborts it.
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) received += 1;
      if (received === 3) controller.abort();
    }
    await waitFor(() => harness.upstream.requests.at(-1)?.closedEarly === true, { timeoutMs: 3000 });
    expect(harness.upstream.requests.at(-1)!.tokensSent).toBeLessThan(200);
    expect(await storedRows()).toBe(before);
  });
});

describe("a slow first token", () => {
  it("opens the stream after SSE_PING_SECONDS of silence with its first chunk and a ping, so proxies keep it, then streams as usual", async () => {
    // An llm-proxy of its own that waits longer for the upstream than the harness's.
    const patient = await startLlmProxyService(
      loadLlmProxyConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", LOG_LEVEL: "silent", ...llmProxyEnvFor(harness.upstream) }),
      { logger: testLogger("llm-proxy"), registry: createMetricsRegistry({ collectDefaults: false }) },
    );
    const pinging = await accessApp(harness, { AUTH_MODE: "none", SSE_PING_SECONDS: "1", LLM_PROXY_ADDR: patient.address });
    try {
      harness.upstream.configure({ latencyMs: 1500 });
      const response = await fetch(`${await pinging.listen()}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "test-model", messages: [{ role: "user", content: "천천히 답해 주세요." }], stream: true }),
      });
      expect(response.status).toBe(200);
      const events = (await response.text()).split("\n\n").filter(Boolean);
      // The silence opens the stream: its first chunk, then the ping; the text follows when it comes.
      expect(JSON.parse(events[0]!.slice("data: ".length)).choices[0].delta).toEqual({ role: "assistant", content: "" });
      expect(events[1]).toBe(": ping");
      const text = events.slice(2, -1).map((event) => JSON.parse(event.slice("data: ".length)).choices[0].delta.content ?? "");
      expect(text.join("")).toBe(expectedReply(8));
      expect(events.at(-1)).toBe("data: [DONE]");
    } finally {
      await pinging.close();
      await patient.stop();
    }
  });
});

describe("chat completions with a session", () => {
  it('creates a session with session_id "new", continues it streamed, and /api shows the turns', async () => {
    const first = (await client.chat.completions.create({
      model: "test-model",
      messages: [{ role: "user", content: "제 이름은 김민지예요." }],
      session_id: "new",
    } as Extended<OpenAI.ChatCompletionCreateParamsNonStreaming>)) as WithExtensions<OpenAI.ChatCompletion>;
    expect(first.session_id).toMatch(/^[0-9a-f-]{36}$/);
    const sessionId = first.session_id!;

    const stream = await client.chat.completions.create({
      model: "test-model",
      // The client's copy of the conversation: the session's own history is what is used.
      messages: [
        { role: "system", content: "한 문장으로 답하세요." },
        { role: "user", content: "(클라이언트 사본)" },
        { role: "user", content: "제 이름이 뭐였죠?" },
      ],
      stream: true,
      session_id: sessionId,
    } as Extended<OpenAI.ChatCompletionCreateParamsStreaming>);
    const chunks: WithExtensions<OpenAI.ChatCompletionChunk>[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]!.session_id).toBe(sessionId);
    expect(chunks.at(-1)).toMatchObject({ session_id: sessionId, choices: [{ finish_reason: "stop" }] });
    expect(chunks.at(-1)!.id).toMatch(/^chatcmpl-/);
    const messageId = chunks.at(-1)!.id.slice("chatcmpl-".length);

    const sent = lastSent().messages;
    expect(sent.map((message) => message.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(sent[0]!.content).toContain("한국어");
    expect(sent[0]!.content).toContain("한 문장으로 답하세요.");
    expect(sent.slice(1).map((message) => message.content)).toEqual(["제 이름은 김민지예요.", expectedReply(8), "제 이름이 뭐였죠?"]);

    const listed = await request(harness.app).get(`/api/sessions/${sessionId}/messages`);
    expect(listed.body.messages.map((message: { role: string; content: string; status: string }) => [message.role, message.content, message.status])).toEqual([
      ["user", "제 이름은 김민지예요.", "complete"],
      ["assistant", expectedReply(8), "complete"],
      ["user", "제 이름이 뭐였죠?", "complete"],
      ["assistant", expectedReply(8), "complete"],
    ]);
    expect(listed.body.messages[3].message_id).toBe(messageId);
  });

  it("stores a session's reply interrupted when the client aborts", async () => {
    harness.upstream.configure({ tokens: 200, tokenIntervalMs: 20 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      {
        model: "test-model",
        messages: [{ role: "user", content: "끝없이 이야기해 주세요." }],
        stream: true,
        session_id: "new",
      } as Extended<OpenAI.ChatCompletionCreateParamsStreaming>,
      { signal: controller.signal },
    );
    let sessionId = "";
    for await (const chunk of stream as AsyncIterable<WithExtensions<OpenAI.ChatCompletionChunk>>) {
      sessionId ||= chunk.session_id ?? "";
      if (chunk.choices[0]?.delta.content) controller.abort();
    }
    await waitFor(
      async () => {
        const listed = await request(harness.app).get(`/api/sessions/${sessionId}/messages`);
        return listed.body.messages?.[1]?.status === "interrupted";
      },
      { timeoutMs: 5000 },
    );
    expect(harness.upstream.requests.at(-1)!.closedEarly).toBe(true);
  });

  it("answers NotFoundError for an unknown session and BadRequestError when the last message is not the user's", async () => {
    const unknown = await caught(
      client.chat.completions.create({
        model: "test-model",
        messages: [{ role: "user", content: "안녕하세요" }],
        session_id: "5f0e8d7c-0b6a-4d1e-9c3f-2a1b0c9d8e7f",
      } as Extended<OpenAI.ChatCompletionCreateParamsNonStreaming>),
    );
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    const notUser = await caught(
      client.chat.completions.create({
        model: "test-model",
        messages: [
          { role: "user", content: "안녕하세요" },
          { role: "assistant", content: "네" },
        ],
        session_id: "new",
      } as Extended<OpenAI.ChatCompletionCreateParamsNonStreaming>),
    );
    expect(notUser).toBeInstanceOf(OpenAI.BadRequestError);
    expect(notUser.param).toBe("messages[1].role");
  });
});

describe("errors in OpenAI's shape, as the SDK's typed errors", () => {
  it.each([
    ["n 2", { n: 2 }, "n"],
    ["temperature 3", { temperature: 3 }, "temperature"],
    ["a tool message", { messages: [{ role: "tool", content: "결과", tool_call_id: "call_1" }] }, "messages[0].role"],
    ["an image part", { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/a.png" } }] }] }, "messages[0].content[0]"],
    ["five stop sequences", { stop: ["가", "나", "다", "라", "마"] }, "stop"],
    ["a json_schema response format", { response_format: { type: "json_schema", json_schema: { name: "x", schema: {} } } }, "response_format.type"],
    ["max_tokens 0", { max_tokens: 0 }, "max_tokens"],
    ["no messages", { messages: [] }, "messages"],
  ])("answers %s with BadRequestError naming param", async (_label, change, param) => {
    const body = { model: "test-model", messages: [{ role: "user", content: "안녕하세요" }], ...change } as OpenAI.ChatCompletionCreateParamsNonStreaming;
    const error = await caught(client.chat.completions.create(body));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: "invalid_request_error", param, code: "invalid_value" });
  });

  it("names a missing model as missing_required_parameter, and an unknown one as NotFoundError", async () => {
    const missing = await caught(client.chat.completions.create({ messages: [{ role: "user", content: "안녕" }] } as OpenAI.ChatCompletionCreateParamsNonStreaming));
    expect(missing).toMatchObject({ status: 400, param: "model", code: "missing_required_parameter" });
    expect(missing.message).toContain("Missing required parameter: 'model'.");
    const unknown = await caught(client.chat.completions.create({ model: "gpt-없음", messages: [{ role: "user", content: "안녕" }] }));
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown.code).toBe("model_not_found");
  });

  it("answers an upstream failure before the first token with the HTTP status, as InternalServerError, and after it as an error event", async () => {
    harness.upstream.fail({ kind: "status", status: 500 });
    const before = await caught(
      client.chat.completions.create({ model: "test-model", messages: [{ role: "user", content: "실패해 주세요." }], stream: true }).then(async (stream) => {
        for await (const _chunk of stream) void _chunk;
      }),
    );
    expect(before).toBeInstanceOf(OpenAI.InternalServerError);
    expect(before).toMatchObject({ status: 503, type: "server_error", code: "upstream_unavailable" });

    harness.upstream.fail({ kind: "disconnect", afterTokens: 2 });
    const stream = await client.chat.completions.create({ model: "test-model", messages: [{ role: "user", content: "중간에 끊겨요." }], stream: true });
    const pieces: string[] = [];
    const during = await caught(
      (async () => {
        for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta.content ?? "");
      })(),
    );
    expect(pieces.join("")).toBe(expectedReply(2));
    expect(during.status).toBeUndefined();
    expect(during.type).toBe("server_error");
  });

  it("answers unknown paths, malformed JSON, non-JSON bodies and oversized bodies in OpenAI's shape; /api keeps its own", async () => {
    const unknown = await request(harness.app).post("/v1/없는/경로").send({});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      error: { message: "Invalid URL (POST /v1/%EC%97%86%EB%8A%94/%EA%B2%BD%EB%A1%9C)", type: "invalid_request_error", param: null, code: "unknown_url" },
    });

    const malformed = await request(harness.app).post("/v1/chat/completions").set("content-type", "application/json").send('{"model": "test-model",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ type: "invalid_request_error", code: "malformed_json", param: null });

    const text = await request(harness.app).post("/v1/chat/completions").set("content-type", "text/plain").send("안녕하세요");
    expect(text.status).toBe(415);
    expect(Object.keys(text.body)).toEqual(["error"]);

    const large = await request(harness.app)
      .post("/v1/chat/completions")
      .send({ model: "test-model", messages: [{ role: "user", content: "가".repeat(1_100_000) }] });
    expect(large.status).toBe(413);
    expect(large.body.error).toMatchObject({ type: "invalid_request_error", code: "payload_too_large" });

    const api = await request(harness.app).post("/api/chat").send({ message: "" });
    expect(api.status).toBe(422);
    expect(api.body).toMatchObject({ error: { code: "validation_failed" }, request_id: expect.any(String) });
  });
});

describe("keys, tenants, limits and quotas as /api", () => {
  let keyed: AccessApp;
  let limited: AccessApp;
  let keyedUrl: string;
  let limitedUrl: string;

  beforeAll(async () => {
    keyed = await accessApp(harness, { AUTH_MODE: "api_key", ADMIN_API_KEY: ADMIN_KEY });
    limited = await accessApp(harness, { AUTH_MODE: "api_key", ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_PER_MINUTE: "2", TOKEN_LIMIT_PER_MINUTE: "10" });
    keyedUrl = await keyed.listen();
    limitedUrl = await limited.listen();
  });
  afterAll(async () => {
    await keyed?.close();
    await limited?.close();
  });

  it("answers AuthenticationError without a valid key, and serves the key's tenant with one", async () => {
    const wrong = new OpenAI({ apiKey: "cbk_wrong_key_0000", baseURL: `${keyedUrl}/v1`, maxRetries: 0 });
    const error = await caught(wrong.models.list());
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, type: "invalid_request_error", code: "invalid_api_key", param: null });
    const missing = await request(keyed.app).get("/v1/models");
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("missing_api_key");

    const first = await createKey(keyed.app, "한빛-상사");
    const second = await createKey(keyed.app, "다온-물산");
    const hanbit = new OpenAI({ apiKey: first.key, baseURL: `${keyedUrl}/v1`, maxRetries: 0 });
    const daon = new OpenAI({ apiKey: second.key, baseURL: `${keyedUrl}/v1`, maxRetries: 0 });
    const created = (await hanbit.chat.completions.create({
      model: "test-model",
      messages: [{ role: "user", content: "우리 회사 이야기예요." }],
      session_id: "new",
    } as Extended<OpenAI.ChatCompletionCreateParamsNonStreaming>)) as WithExtensions<OpenAI.ChatCompletion>;
    const stored = await harness.sql.query<{ tenant_id: string }>(`SELECT tenant_id FROM ${harness.schema}.sessions WHERE id = $1`, [created.session_id]);
    expect(stored.rows[0]?.tenant_id).toBe("한빛-상사");
    // Another tenant's session answers as an unknown one does.
    const foreign = await caught(
      daon.chat.completions.create({
        model: "test-model",
        messages: [{ role: "user", content: "남의 세션" }],
        session_id: created.session_id,
      } as Extended<OpenAI.ChatCompletionCreateParamsNonStreaming>),
    );
    expect(foreign).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("answers RateLimitError with Retry-After for the request limit and the token quota", async () => {
    const { key } = await createKey(limited.app, "제한-테넌트");
    const limitedClient = new OpenAI({ apiKey: key, baseURL: `${limitedUrl}/v1`, maxRetries: 0 });
    // The first chat uses more than 10 tokens: the next one finds the quota used up.
    await limitedClient.chat.completions.create({ model: "test-model", messages: [{ role: "user", content: "토큰을 씁니다." }] });
    const quota = await caught(limitedClient.chat.completions.create({ model: "test-model", messages: [{ role: "user", content: "또 씁니다." }] }));
    expect(quota).toBeInstanceOf(OpenAI.RateLimitError);
    expect(quota).toMatchObject({ status: 429, type: "tokens", code: "token_quota_exceeded" });
    expect(Number(quota.headers?.get("retry-after"))).toBeGreaterThan(0);
    const requests = await caught(limitedClient.models.list());
    expect(requests).toBeInstanceOf(OpenAI.RateLimitError);
    expect(requests).toMatchObject({ type: "requests", code: "rate_limit_exceeded" });
    expect(Number(requests.headers?.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("retrieval through the extensions", () => {
  it("cites the tenant's documents with use_rag, returning sources on the completion and the last chunk", async () => {
    const keyed = await accessApp(harness, { AUTH_MODE: "api_key", ADMIN_API_KEY: ADMIN_KEY });
    try {
      const { key } = await createKey(keyed.app, "문서-테넌트");
      await callUnary(harness.channels.retrieval, "retrieval", "UpsertChunks", {
        tenant_id: "문서-테넌트",
        chunks: [
          {
            document_id: "doc-energy",
            title: "에너지바우처",
            page: 1,
            chunk_index: 0,
            source: "에너지바우처.pdf",
            text: "에너지바우처는 노인, 영유아, 장애인이 있는 가구에 난방비를 지원하는 제도입니다.",
          },
          {
            document_id: "doc-housing",
            title: "행복주택",
            page: 3,
            chunk_index: 0,
            source: "행복주택.pdf",
            text: "행복주택은 대학생과 신혼부부에게 공급하는 공공임대주택입니다.",
          },
        ],
      });
      const ragClient = new OpenAI({ apiKey: key, baseURL: `${await keyed.listen()}/v1`, maxRetries: 0 });
      const body = { model: "test-model", messages: [{ role: "user" as const, content: "난방비 지원은 누가 받나요?" }], use_rag: true, k: 1 };
      const whole = (await ragClient.chat.completions.create(body as Extended<OpenAI.ChatCompletionCreateParamsNonStreaming>)) as WithExtensions<OpenAI.ChatCompletion>;
      expect(whole.sources).toEqual([expect.objectContaining({ document_id: "doc-energy", title: "에너지바우처", page: 1 })]);
      const prompt = lastSent().messages;
      expect(prompt[0]).toMatchObject({ role: "system" });
      expect(prompt[0]!.content).toContain("참고 자료");
      expect(prompt[0]!.content).toContain("[1] 에너지바우처 (p.1)");
      expect(prompt.at(-1)).toEqual({ role: "user", content: "난방비 지원은 누가 받나요?" });

      const stream = await ragClient.chat.completions.create({ ...body, stream: true } as Extended<OpenAI.ChatCompletionCreateParamsStreaming>);
      const chunks: WithExtensions<OpenAI.ChatCompletionChunk>[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.at(-1)!.sources).toEqual(whole.sources);
      expect(chunks.slice(0, -1).every((chunk) => chunk.sources === undefined)).toBe(true);

      // Without the extension the proxy is stateless and plain: no retrieval, no sources field.
      const plain = (await ragClient.chat.completions.create({ model: "test-model", messages: body.messages })) as WithExtensions<OpenAI.ChatCompletion>;
      expect(plain.sources).toBeUndefined();
      expect(lastSent().messages).toEqual(body.messages);
    } finally {
      await keyed.close();
    }
  });
});

describe("observability", () => {
  it("counts /v1 requests by route template in the gateway's metrics", async () => {
    await client.models.list();
    const metrics = await request(harness.app).get("/metrics");
    expect(metrics.text).toMatch(/chatbot_http_requests_total\{method="POST",route="\/v1\/chat\/completions",status="200"\} \d+/);
    expect(metrics.text).toMatch(/chatbot_http_requests_total\{method="GET",route="\/v1\/models",status="200"\} \d+/);
  });
});

describe("the OpenAPI document", () => {
  it("describes the /v1 routes with their request schemas, OpenAI's error object and the key they need", async () => {
    const keyed = await accessApp(harness, { AUTH_MODE: "api_key" });
    try {
      const document = (await request(keyed.app).get("/openapi.json")).body;
      for (const [path, method] of [
        ["/v1/chat/completions", "post"],
        ["/v1/responses", "post"],
        ["/v1/embeddings", "post"],
        ["/v1/models", "get"],
        ["/v1/models/{model}", "get"],
      ] as const) {
        const operation = document.paths[path]?.[method];
        expect([path, operation?.tags]).toEqual([path, ["OpenAI-compatible"]]);
        expect(operation.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
      }
      const chat = document.paths["/v1/chat/completions"].post;
      expect(chat.requestBody.content["application/json"].schema.$ref).toBe("#/components/schemas/OpenAiChatCompletionRequest");
      expect(Object.keys(chat.responses["200"].content)).toEqual(["application/json", "text/event-stream"]);
      expect(chat.responses["400"].content["application/json"].schema.$ref).toBe("#/components/schemas/OpenAiError");
      const properties = document.components.schemas.OpenAiChatCompletionRequest.properties;
      expect(Object.keys(properties)).toEqual(expect.arrayContaining(["model", "messages", "stream", "stream_options", "session_id", "use_rag", "filters", "k"]));
      expect(Object.keys(document.components.schemas.ChatRequest.properties)).toContain("history");
    } finally {
      await keyed.close();
    }
  });
});
