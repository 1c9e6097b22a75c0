import { callUnary, createClient, protos, type llmV1 } from "@chatbot/grpc";
import type { ServiceHandle } from "@chatbot/runtime";
import { type LlmUpstream, replyText, replyToken, scaledTimeout, startLlmUpstream, waitFor } from "@chatbot/testkit";
import { deltasOf, generate, startProxyOverGrpc, type ProxyOverGrpc } from "./support/grpc-client";

const QUESTION: llmV1.GenerateRequest = {
  messages: [
    { role: "system", content: "당신은 친절한 상담원입니다." },
    { role: "user", content: "오늘 서울 날씨는 어때요? 🌤️" },
  ],
  max_new_tokens: 64,
  request_id: "요청-grpc-1",
  caller_id: "테넌트-grpc",
};

describe("llm-proxy over gRPC with the openai provider", () => {
  let upstream: LlmUpstream;
  let proxy: ProxyOverGrpc;
  let service: ServiceHandle;
  let client: llmV1.Client;

  beforeAll(async () => {
    upstream = await startLlmUpstream({ tokens: 12 });
    proxy = await startProxyOverGrpc({
      LLM_PROVIDER: "openai",
      LLM_MODEL: "gpt-test",
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: upstream.openaiBaseUrl,
      LLM_MAX_RETRIES: "0",
    });
    ({ service, client } = proxy);
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await proxy.stop();
    await upstream.close();
  });

  it("streams deltas in order, then one final event with finish reason, usage, model, provider and timings", async () => {
    const { events, error } = await generate(client, QUESTION);
    expect(error).toBeUndefined();
    // Tokens that arrive together may travel as one delta; the text and its order are what count.
    expect(deltasOf(events).join("")).toBe(Array.from({ length: 12 }, (_, index) => replyToken(index)).join(""));
    const final = events[events.length - 1]!.final!;
    expect(events.filter((event) => event.final)).toHaveLength(1);
    expect(final).toMatchObject({
      finish_reason: "stop",
      model: "gpt-test",
      provider: "openai",
      usage: { completion_tokens: 12, reported_by_provider: true },
    });
    expect(final.usage!.total_tokens).toBe(final.usage!.prompt_tokens + 12);
    expect(final.timings!.time_to_first_token_ms).toBeGreaterThan(0);
    expect(final.timings!.total_ms).toBeGreaterThanOrEqual(final.timings!.time_to_first_token_ms);
    expect(final.timings!.attempts).toBe(1);
  });

  it("answers Complete with the whole reply", async () => {
    const response = await callUnary(client, "llm-proxy", "Complete", QUESTION);
    expect(response).toMatchObject({ content: replyText(12), finish_reason: "stop", provider: "openai", model: "gpt-test", cached: false });
  });

  it("closes the upstream connection within 100 ms of the gRPC call being cancelled", async () => {
    upstream.configure({ tokens: 500, tokenIntervalMs: 10 });
    const cancelAfterFirstDelta = async () => {
      upstream.reset();
      let cancelledAt = 0;
      const outcome = await generate(client, { ...QUESTION, max_new_tokens: 1000 }, (event, cancel) => {
        if (event.delta && cancelledAt === 0) {
          cancelledAt = Date.now();
          cancel();
        }
      });
      const record = await waitFor(() => upstream.requests.find((request) => request.closedEarly), { what: "upstream connection closed" });
      return { ...outcome, record, cancelledAt };
    };
    try {
      // The first cancellation in a fresh jest worker also pays for loading the abort paths of
      // grpc-js, the SDK and undici through the test transform; the bound is for a running service.
      await cancelAfterFirstDelta();
      const { events, error, record, cancelledAt } = await cancelAfterFirstDelta();
      expect(error).toMatchObject({ code: "cancelled" });
      expect(events.some((event) => event.final)).toBe(false);
      expect(record.closedAt! - cancelledAt).toBeLessThanOrEqual(scaledTimeout(100));
      expect(record.tokensSent).toBeLessThan(500);
    } finally {
      upstream.configure({ tokens: 12, tokenIntervalMs: 0 });
    }
  });

  it("sends an upstream failure across the wire as a typed error", async () => {
    upstream.fail({ kind: "status", status: 401 });
    const { error } = await generate(client, QUESTION);
    expect(error).toMatchObject({ kind: "bad_gateway", code: "auth_failed" });
  });

  it("ends the stream with upstream_protocol_error on a malformed chunk, after the good deltas", async () => {
    upstream.fail({ kind: "malformed", afterTokens: 3 });
    const { events, error } = await generate(client, QUESTION);
    expect(deltasOf(events).join("")).toBe([replyToken(0), replyToken(1), replyToken(2)].join(""));
    expect(error).toMatchObject({ code: "upstream_protocol_error" });
  });

  it("never holds a delta back waiting for more: spaced tokens arrive one message each", async () => {
    upstream.configure({ tokens: 5, tokenIntervalMs: 30 });
    try {
      const { events, error } = await generate(client, QUESTION);
      expect(error).toBeUndefined();
      expect(deltasOf(events)).toEqual(Array.from({ length: 5 }, (_, index) => replyToken(index)));
    } finally {
      upstream.configure({ tokens: 12, tokenIntervalMs: 0 });
    }
  });

  it("refuses an invalid request with the fields named", async () => {
    const { error } = await generate(client, { ...QUESTION, messages: [], temperature: 5 });
    expect(error).toMatchObject({
      kind: "invalid_argument",
      details: expect.arrayContaining([expect.objectContaining({ field: "messages" }), expect.objectContaining({ field: "temperature" })]),
    });
  });

  it("lists the configured model and reports provider and model to diagnostics", async () => {
    const models = await callUnary(client, "llm-proxy", "ListModels", {});
    expect(models.models).toEqual([{ id: "gpt-test", provider: "openai", is_default: true }]);
    const diagnostics = createClient(protos.diagnostics().Diagnostics, service.address);
    try {
      const report = await callUnary(diagnostics, "llm-proxy", "CheckStores", {});
      expect(report.info).toEqual({ llm_provider: "openai", llm_model: "gpt-test" });
      expect(report.stores).toEqual([expect.objectContaining({ name: "redis", kind: "memory", ok: true })]);
    } finally {
      diagnostics.close();
    }
  });
});

describe("llm-proxy over gRPC with nothing configured (local provider)", () => {
  let proxy: ProxyOverGrpc;
  let client: llmV1.Client;

  beforeAll(async () => {
    proxy = await startProxyOverGrpc();
    client = proxy.client;
  });
  afterAll(() => proxy.stop());

  it("answers from the context passages in several deltas, citing them", async () => {
    const { events, error } = await generate(client, {
      messages: [{ role: "user", content: "환불 규정은 어떻게 되나요?" }],
      context: [
        {
          number: 1,
          document_id: "문서-1",
          title: "이용 약관",
          page: 3,
          chunk_index: 0,
          text: "구매 후 7일 이내에는 전액 환불이 가능합니다. 환불 규정은 고객센터에서 안내합니다.",
        },
        { number: 2, document_id: "문서-2", title: "배송 안내", page: 1, chunk_index: 4, text: "배송은 영업일 기준 2~3일이 걸립니다." },
      ],
    });
    expect(error).toBeUndefined();
    const deltas = deltasOf(events);
    expect(deltas.length).toBeGreaterThan(3);
    const answer = deltas.join("");
    expect(answer).toContain("전액 환불이 가능합니다");
    expect(answer).toContain("[1]");
    expect(answer).toContain("이용 약관 (3쪽)");
    expect(events[events.length - 1]!.final).toMatchObject({
      provider: "local",
      model: "local-extractive",
      finish_reason: "stop",
      usage: { reported_by_provider: false },
    });
    expect(events[events.length - 1]!.final!.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it("says plainly, in Korean, that no LLM is configured when it has nothing to answer from", async () => {
    const response = await callUnary(client, "llm-proxy", "Complete", { messages: [{ role: "user", content: "안녕하세요 👋" }] });
    expect(response.content).toContain("LLM이 없어");
    expect(response).toMatchObject({ provider: "local", model: "local-extractive" });
  });
});
