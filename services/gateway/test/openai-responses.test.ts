import OpenAI, { APIError } from "openai";
import request from "supertest";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, streamText } from "ai";
import { vector } from "@electric-sql/pglite-pgvector";
import { createMetricsRegistry } from "@chatbot/observability";
import { loadRetrievalConfig, startRetrievalService } from "@chatbot/retrieval";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import { kitEmbedding, replyToken, startEmbeddingsServer, testLogger, type EmbeddingsServer } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { accessApp, type AccessApp } from "./support/access-app";

/**
 * The Responses API and embeddings through the official `openai` SDK, and chat through the
 * Vercel AI SDK's OpenAI-compatible provider, against the gateway's /v1.
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
const lastSent = () => harness.upstream.requests.at(-1)!.body as { messages: { role: string; content: string }[]; [field: string]: unknown };

async function storedRows(): Promise<number> {
  const counted = await harness.sql.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM ${harness.schema}.sessions)::int + (SELECT count(*) FROM ${harness.schema}.messages)::int AS n`,
  );
  return counted.rows[0]!.n;
}

async function caught(promise: Promise<unknown>): Promise<APIError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as APIError;
}

type Extended<T> = T & { session_id?: string };

describe("Responses API", () => {
  it("answers text input with a completed response whose output_text the SDK assembles; instructions lead the prompt", async () => {
    const before = await storedRows();
    const response = await client.responses.create({
      model: "test-model",
      instructions: "존댓말로 답하세요.",
      input: "제주도 여행 일정을 추천해 주세요.",
      max_output_tokens: 200,
      temperature: 0.5,
    });
    expect(response).toMatchObject({
      id: expect.stringMatching(/^resp_[0-9a-f-]{36}$/),
      object: "response",
      status: "completed",
      error: null,
      incomplete_details: null,
      instructions: "존댓말로 답하세요.",
      max_output_tokens: 200,
      temperature: 0.5,
      model: "test-model",
      output: [
        {
          id: expect.stringMatching(/^msg_[0-9a-f-]{36}$/),
          type: "message",
          status: "completed",
          role: "assistant",
          content: [{ type: "output_text", text: expectedReply(8), annotations: [] }],
        },
      ],
      usage: { input_tokens: expect.any(Number), output_tokens: 8, total_tokens: expect.any(Number), input_tokens_details: { cached_tokens: 0 } },
    });
    expect(Math.abs(response.created_at - Date.now() / 1000)).toBeLessThan(60);
    expect(response.output_text).toBe(expectedReply(8));
    expect(lastSent().messages).toEqual([
      { role: "system", content: "존댓말로 답하세요." },
      { role: "user", content: "제주도 여행 일정을 추천해 주세요." },
    ]);
    expect(lastSent()).toMatchObject({ max_tokens: 200, temperature: 0.5 });
    expect(await storedRows()).toBe(before);
  });

  it("takes message items with input_text and output_text parts as the conversation", async () => {
    await client.responses.create({
      model: "test-model",
      input: [
        { role: "developer", content: "짧게 답하세요." },
        { role: "user", content: [{ type: "input_text", text: "제 이름은 민지예요." }] },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "반가워요, 민지 님.", annotations: [] }] } as never,
        { role: "user", content: "제 이름이 뭐였죠?" },
      ],
    });
    expect(lastSent().messages).toEqual([
      { role: "system", content: "짧게 답하세요." },
      { role: "user", content: "제 이름은 민지예요." },
      { role: "assistant", content: "반가워요, 민지 님." },
      { role: "user", content: "제 이름이 뭐였죠?" },
    ]);
  });

  it("streams the typed events in order, which the SDK's stream helper assembles into the final response", async () => {
    const stream = client.responses.stream({ model: "test-model", input: "부산 맛집을 알려 주세요." });
    const types: string[] = [];
    const deltas: string[] = [];
    const sequence: number[] = [];
    for await (const event of stream) {
      types.push(event.type);
      sequence.push(event.sequence_number);
      if (event.type === "response.output_text.delta") deltas.push(event.delta);
    }
    const final = await stream.finalResponse();
    const distinct = types.filter((type, index) => type !== types[index - 1]);
    expect(distinct).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(sequence).toEqual(sequence.map((_, index) => index));
    expect(deltas.join("")).toBe(expectedReply(8));
    expect(final).toMatchObject({ status: "completed", output_text: expectedReply(8), usage: { output_tokens: 8 } });
  });

  it("writes each event with its event: line and no [DONE]", async () => {
    const response = await fetch(`${baseUrl}/v1/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "test-model", input: "안녕하세요", stream: true }),
    });
    const events = (await response.text()).split("\n\n").filter(Boolean);
    for (const event of events) {
      const [eventLine, dataLine] = event.split("\n");
      const data = JSON.parse(dataLine!.slice("data: ".length)) as { type: string };
      expect(eventLine).toBe(`event: ${data.type}`);
    }
    expect(events.at(-1)).toContain("event: response.completed");
  });

  it("is incomplete with reason max_output_tokens when the limit cuts the reply, whole or streamed", async () => {
    const whole = await client.responses.create({ model: "test-model", input: "길게 써 주세요.", max_output_tokens: 3 });
    expect(whole).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" }, output_text: expectedReply(3) });
    const events = await client.responses.create({ model: "test-model", input: "길게 써 주세요.", max_output_tokens: 3, stream: true });
    let last: OpenAI.Responses.ResponseStreamEvent | undefined;
    for await (const event of events) last = event;
    expect(last).toMatchObject({ type: "response.incomplete", response: { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } } });
  });

  it('stores the turn in a session with session_id "new", and /api shows it', async () => {
    const response = (await client.responses.create({
      model: "test-model",
      input: "회의록을 요약해 주세요.",
      session_id: "new",
    } as Extended<OpenAI.Responses.ResponseCreateParamsNonStreaming>)) as OpenAI.Responses.Response & { session_id: string };
    expect(response.session_id).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await request(harness.app).get(`/api/sessions/${response.session_id}/messages`);
    expect(listed.body.messages.map((message: { role: string; content: string }) => [message.role, message.content])).toEqual([
      ["user", "회의록을 요약해 주세요."],
      ["assistant", expectedReply(8)],
    ]);
    expect(listed.body.messages[1].message_id).toBe(response.id.slice("resp_".length));
  });

  it("fails before the first token with the HTTP status, and after it with a response.failed event", async () => {
    harness.upstream.fail({ kind: "status", status: 429, retryAfter: "1" });
    const limited = await caught(
      client.responses.create({ model: "test-model", input: "실패", stream: true }).then(async (events) => {
        for await (const _event of events) void _event;
      }),
    );
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);

    harness.upstream.fail({ kind: "disconnect", afterTokens: 2 });
    const events = await client.responses.create({ model: "test-model", input: "중간에 끊겨요.", stream: true });
    let last: OpenAI.Responses.ResponseStreamEvent | undefined;
    for await (const event of events) last = event;
    expect(last).toMatchObject({ type: "response.failed", response: { status: "failed", error: { code: expect.any(String), message: expect.any(String) } } });
  });

  it.each([
    ["previous_response_id", { previous_response_id: "resp_123" }, "previous_response_id"],
    ["a function call output item", { input: [{ type: "function_call_output", call_id: "c1", output: "결과" }] }, "input[0].type"],
    ["an image part", { input: [{ role: "user", content: [{ type: "input_image", image_url: "https://example.com/a.png" }] }] }, "input[0].content[0]"],
    ["a JSON schema format", { text: { format: { type: "json_schema", name: "x", schema: {} } } }, "text.format.type"],
  ])("refuses %s with BadRequestError naming param", async (_label, change, param) => {
    const error = await caught(client.responses.create({ model: "test-model", input: "안녕하세요", ...change } as OpenAI.Responses.ResponseCreateParamsNonStreaming));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe(param);
  });
});

describe("embeddings", () => {
  let embeddings: EmbeddingsServer;
  let sql: SqlClient;
  let retrieval: ServiceHandle;
  let withModel: AccessApp;
  let embeddingClient: OpenAI;

  beforeAll(async () => {
    embeddings = await startEmbeddingsServer({ dimensions: 16 });
    sql = await createPgliteClient({ extensions: { vector } });
    retrieval = await startRetrievalService(
      loadRetrievalConfig({
        GRPC_HOST: "127.0.0.1",
        GRPC_PORT: "0",
        ADMIN_PORT: "0",
        LOG_LEVEL: "silent",
        EMBEDDING_PROVIDER: "openai",
        EMBEDDING_BASE_URL: embeddings.baseUrl,
        EMBEDDING_API_KEY: "kit-key",
        EMBEDDING_MODEL: embeddings.model,
        EMBEDDING_DIMENSIONS: "16",
      }),
      { logger: testLogger("retrieval"), registry: createMetricsRegistry({ collectDefaults: false }) },
      { sql },
    );
    withModel = await accessApp(harness, { AUTH_MODE: "none", RETRIEVAL_ADDR: retrieval.address });
    embeddingClient = new OpenAI({ apiKey: "sk-local-anything", baseURL: `${await withModel.listen()}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await withModel?.close();
    await retrieval?.stop();
    await sql?.close();
    await embeddings?.close();
  });

  const TEXTS = ["서울의 봄은 벚꽃으로 유명하다.", "부산 해운대의 여름 바다 🌊"];

  it("embeds Korean texts with retrieval's model; the SDK's default base64 decodes to the model's vectors", async () => {
    const response = await embeddingClient.embeddings.create({ model: embeddings.model, input: TEXTS });
    expect(response).toMatchObject({ object: "list", model: embeddings.model, usage: { prompt_tokens: expect.any(Number), total_tokens: expect.any(Number) } });
    expect(response.usage.prompt_tokens).toBeGreaterThan(4);
    expect(response.data.map((item) => [item.object, item.index])).toEqual([
      ["embedding", 0],
      ["embedding", 1],
    ]);
    response.data.forEach((item, index) => {
      const expected = kitEmbedding(TEXTS[index]!, 16);
      expect(item.embedding).toHaveLength(16);
      item.embedding.forEach((value, position) => expect(value).toBeCloseTo(expected[position]!, 6));
    });
    const floats = await embeddingClient.embeddings.create({ model: embeddings.model, input: TEXTS[0]!, encoding_format: "float", dimensions: 16 });
    expect(floats.data[0]!.embedding).toEqual(kitEmbedding(TEXTS[0]!, 16));
  });

  it("lists the embedding model beside the chat model", async () => {
    const listed = [];
    for await (const model of embeddingClient.models.list()) listed.push(model.id);
    expect(listed).toEqual(["test-model", embeddings.model]);
    expect(await embeddingClient.models.retrieve(embeddings.model)).toMatchObject({ id: embeddings.model, object: "model" });
  });

  it("answers NotFoundError model_not_found for another model, and without an embedding model at all", async () => {
    const other = await caught(embeddingClient.embeddings.create({ model: "text-embedding-3-small", input: "안녕" }));
    expect(other).toBeInstanceOf(OpenAI.NotFoundError);
    expect(other).toMatchObject({ code: "model_not_found", param: "model" });
    expect(other.message).toContain(embeddings.model);
    const none = await caught(client.embeddings.create({ model: "text-embedding-3-small", input: "안녕" }));
    expect(none).toBeInstanceOf(OpenAI.NotFoundError);
    expect(none.code).toBe("model_not_found");
    expect(none.message).toContain("EMBEDDING_PROVIDER=none");
  });

  it.each([
    ["token arrays", { input: [[1, 2, 3]] }, "input[0]"],
    ["an empty text", { input: ["문장", ""] }, "input[1]"],
    ["another size", { input: "안녕", dimensions: 8 }, "dimensions"],
  ])("refuses %s with BadRequestError naming param", async (_label, change, param) => {
    const error = await caught(embeddingClient.embeddings.create(Object.assign({ model: embeddings.model, input: "안녕" }, change) as OpenAI.EmbeddingCreateParams));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe(param);
  });
});

describe("the Vercel AI SDK's OpenAI-compatible provider", () => {
  const provider = () => createOpenAICompatible({ name: "chatbot", baseURL: `${baseUrl}/v1`, apiKey: "sk-local-anything", includeUsage: true });

  it("streams text with streamText, with the finish reason and usage", async () => {
    const result = streamText({
      model: provider()("test-model"),
      system: "당신은 서울 안내원입니다.",
      prompt: "경복궁은 언제 가면 좋을까요?",
      maxOutputTokens: 100,
    });
    const parts: string[] = [];
    for await (const part of result.textStream) parts.push(part);
    expect(parts.join("")).toBe(expectedReply(8));
    expect(await result.text).toBe(expectedReply(8));
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).outputTokens).toBe(8);
    expect(lastSent().messages).toEqual([
      { role: "system", content: "당신은 서울 안내원입니다." },
      { role: "user", content: "경복궁은 언제 가면 좋을까요?" },
    ]);
    expect(lastSent()).toMatchObject({ max_tokens: 100 });
  });

  it("answers generateText whole", async () => {
    const result = await generateText({ model: provider()("test-model"), prompt: "한 줄로 인사해 주세요." });
    expect(result.text).toBe(expectedReply(8));
    expect(result.finishReason).toBe("stop");
  });
});
