import { randomUUID } from "node:crypto";
import request from "supertest";
import { replyToken } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { ADMIN_KEY, createKey } from "./support/access-app";

/**
 * SESSION_ADDR=in-process (with LLM_PROXY_ADDR=in-process: the gateway, the session service
 * and the llm-proxy in one process on Postgres): turns, listings, search, ratings, API keys,
 * errors and health behave as they do with the session service behind gRPC.
 */
let harness: GatewayHarness;
let key: string;

beforeAll(async () => {
  harness = await startGatewayHarness({ AUTH_MODE: "api_key", ADMIN_API_KEY: ADMIN_KEY }, { sessionInProcess: true, llmInProcess: true });
  // API keys live in the session service: created and resolved through the in-process edge.
  key = (await createKey(harness.app, "한빛-상사")).key;
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.upstream.reset();
  harness.upstream.configure({ tokens: 6, tokenIntervalMs: 0, latencyMs: 0 });
});

const expectedReply = (tokens: number) => Array.from({ length: tokens }, (_, index) => replyToken(index)).join("");
const asCaller = (test: request.Test) => test.set("Authorization", `Bearer ${key}`);

describe("the session service in the gateway's process", () => {
  it("stores a new session's turn, lists it and finds it by a word of the question", async () => {
    const answer = await asCaller(request(harness.app).post("/api/chat")).send({ message: "제주도 여행 일정을 짜 주세요." });
    expect(answer.status).toBe(200);
    expect(answer.body.content).toBe(expectedReply(6));
    const sessionId = answer.body.session_id as string;

    const messages = await asCaller(request(harness.app).get(`/api/sessions/${sessionId}/messages`));
    expect(messages.body.messages.map((message: { role: string; content: string; status: string }) => [message.role, message.content, message.status])).toEqual([
      ["user", "제주도 여행 일정을 짜 주세요.", "complete"],
      ["assistant", expectedReply(6), "complete"],
    ]);
    const session = await asCaller(request(harness.app).get(`/api/sessions/${sessionId}`));
    expect(session.body).toMatchObject({ session_id: sessionId, message_count: 2, title: "제주도 여행 일정을 짜 주세요." });

    const found = await asCaller(request(harness.app).get("/api/sessions/search").query({ q: "제주도" }));
    expect(found.status).toBe(200);
    expect(found.body.results.map((hit: { session_id: string }) => hit.session_id)).toContain(sessionId);
  });

  it("answers the session service's own errors with the same statuses and codes as over gRPC", async () => {
    const missing = await asCaller(request(harness.app).get(`/api/sessions/${randomUUID()}`));
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: "session_not_found", message: expect.any(String) }, request_id: expect.any(String) });

    const answer = await asCaller(request(harness.app).post("/api/chat")).send({ message: "질문에 평점을 줄 수 있나요?" });
    const messages = await asCaller(request(harness.app).get(`/api/sessions/${answer.body.session_id}/messages`));
    const question = messages.body.messages.find((message: { role: string }) => message.role === "user") as { message_id: string };
    const rated = await asCaller(request(harness.app).put(`/api/messages/${question.message_id}/feedback`)).send({ rating: "up" });
    expect(rated.status).toBe(422);
    expect(rated.body.error.code).toBe("message_not_rateable");

    // Another tenant's session is not found, as over gRPC.
    const other = (await createKey(harness.app, "다른-회사")).key;
    const foreign = await request(harness.app).get(`/api/sessions/${answer.body.session_id}`).set("Authorization", `Bearer ${other}`);
    expect(foreign.status).toBe(404);
  });

  it("counts its calls in the session service's call metrics", async () => {
    await asCaller(request(harness.app).post("/api/chat")).send({ message: "지표에 남나요?" });
    const metrics = await request(harness.app).get("/metrics");
    expect(metrics.text).toMatch(/chatbot_grpc_server_requests_total\{service="session",method="BeginTurn",code="OK"\} [1-9]/);
    expect(metrics.text).toMatch(/chatbot_grpc_server_requests_total\{service="session",method="FinalizeMessage",code="OK"\} [1-9]/);
  });

  it("reports the session service in /api/health, with its Postgres, as a service of this process", async () => {
    const health = await request(harness.app).get("/api/health");
    expect(health.body.services.session).toMatchObject({ status: "ok" });
    expect(health.body.stores["session.postgres"]).toMatchObject({ status: "ok" });
    expect(health.body.services["llm-proxy"]).toMatchObject({ status: "ok" });
  });
});
