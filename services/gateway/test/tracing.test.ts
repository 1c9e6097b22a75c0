import { installTestTracing } from "@chatbot/testkit";
import request from "supertest";
import { callUnary } from "@chatbot/grpc";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

const tracing = installTestTracing();
let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
  await callUnary(harness.channels.retrieval, "retrieval", "UpsertChunks", {
    tenant_id: "default",
    chunks: [{ document_id: "doc-trace", chunk_index: 0, title: "추적 안내", text: "분산 추적은 요청 하나를 여러 서비스에 걸쳐 따라갑니다." }],
  });
});
afterAll(async () => {
  await harness.close();
  tracing.uninstall();
});

describe("tracing", () => {
  it("follows one chat with retrieval as one trace across gateway, retrieval, session and llm-proxy", async () => {
    tracing.exporter.reset();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const response = await request(harness.app)
      .post("/api/chat")
      .set("traceparent", `00-${traceId}-00f067aa0ba902b7-01`)
      .send({ message: "분산 추적은 무엇을 따라가나요?", use_rag: true });
    expect(response.status).toBe(200);

    const spans = tracing.exporter.getFinishedSpans();
    const inTrace = spans.filter((span) => span.spanContext().traceId === traceId);
    const names = inTrace.map((span) => span.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "POST /api/chat",
        "session/BeginTurn",
        "chatbot.session.v1.SessionService/BeginTurn",
        "retrieval/Search",
        "chatbot.retrieval.v1.Retrieval/Search",
        "llm-proxy/Generate",
        "chatbot.llm.v1.LlmProxy/Generate",
        "session/FinalizeMessage",
        "chatbot.session.v1.SessionService/FinalizeMessage",
      ]),
    );
    // Every span of the request belongs to the caller's trace, and none carries the message text.
    const requestSpans = spans.filter((span) => span.name.includes("BeginTurn") || span.name.includes("Generate"));
    expect(requestSpans.every((span) => span.spanContext().traceId === traceId)).toBe(true);
    const attributes = JSON.stringify(inTrace.map((span) => span.attributes));
    expect(attributes).not.toContain("분산 추적은 무엇을");
  });

  it("follows OpenAI-compatible calls the same way: a whole stateless reply through Complete, a streamed one through Generate", async () => {
    tracing.exporter.reset();
    const whole = "0af7651916cd43dd8448eb211c80319c";
    const streamed = "5b8aa5a2d2c872e8321cf37308d69df2";
    const body = { model: "test-model", messages: [{ role: "user", content: "분산 추적은 무엇을 따라가나요?" }], use_rag: true };
    await request(harness.app).post("/v1/chat/completions").set("traceparent", `00-${whole}-00f067aa0ba902b7-01`).send(body).expect(200);
    await request(harness.app)
      .post("/v1/chat/completions")
      .set("traceparent", `00-${streamed}-00f067aa0ba902b7-01`)
      .send({ ...body, stream: true })
      .expect(200);
    const namesIn = (traceId: string) =>
      tracing.exporter
        .getFinishedSpans()
        .filter((span) => span.spanContext().traceId === traceId)
        .map((span) => span.name);
    expect(namesIn(whole)).toEqual(
      expect.arrayContaining(["POST /v1/chat/completions", "retrieval/Search", "chat.complete", "llm-proxy/Complete", "chatbot.llm.v1.LlmProxy/Complete"]),
    );
    expect(namesIn(streamed)).toEqual(
      expect.arrayContaining(["POST /v1/chat/completions", "retrieval/Search", "chat.generate", "llm-proxy/Generate", "chatbot.llm.v1.LlmProxy/Generate"]),
    );
    // Stateless: no session was touched.
    expect([...namesIn(whole), ...namesIn(streamed)].some((name) => name.includes("session"))).toBe(false);
  });
});
