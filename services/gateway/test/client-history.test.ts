import request from "supertest";
import { replyToken } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { postJson, readSse } from "./support/sse-client";

let harness: GatewayHarness;
let baseUrl: string;

beforeAll(async () => {
  harness = await startGatewayHarness();
  baseUrl = await harness.listen();
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.upstream.reset();
  harness.upstream.configure({ tokens: 6, tokenIntervalMs: 0, latencyMs: 0 });
});

const expectedReply = (tokens: number) => Array.from({ length: tokens }, (_, index) => replyToken(index)).join("");

const HISTORY = [
  { role: "user", content: "제 이름은 김민지예요." },
  { role: "assistant", content: "반가워요, 민지 님!" },
];

async function storedRows(): Promise<number> {
  const counted = await harness.sql.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM ${harness.schema}.sessions)::int + (SELECT count(*) FROM ${harness.schema}.messages)::int AS n`,
  );
  return counted.rows[0]!.n;
}

function sentMessages(): { role: string; content: string }[] {
  return (harness.upstream.requests.at(-1)!.body as { messages: { role: string; content: string }[] }).messages;
}

describe("client-held history on /api/chat", () => {
  it("answers POST /api/chat from the history, stores nothing and names no session", async () => {
    const before = await storedRows();
    const response = await request(harness.app).post("/api/chat").send({ message: "제 이름이 뭐였죠?", history: HISTORY });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ session_id: null, role: "assistant", content: expectedReply(6), finish_reason: "stop", model: "test-model" });
    expect(response.body.message_id).toMatch(/^[0-9a-f-]{36}$/);
    const sent = sentMessages();
    expect(sent.map((message) => message.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(sent[0]!.content).toContain("한국어");
    expect(sent.slice(1).map((message) => message.content)).toEqual(["제 이름은 김민지예요.", "반가워요, 민지 님!", "제 이름이 뭐였죠?"]);
    expect(await storedRows()).toBe(before);
  });

  it("streams POST /api/chat/stream with the history: session_id null, every delta, done; nothing stored", async () => {
    const before = await storedRows();
    const result = await readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "이어서 말해 주세요.", history: HISTORY }));
    expect(result.status).toBe(200);
    expect(result.events[0]!.data).toEqual({ session_id: null, message_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const chunks = result.events.filter((event) => "chunk" in event.data).map((event) => event.data.chunk as string);
    expect(chunks.join("")).toBe(expectedReply(6));
    expect(result.events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "stop", model: "test-model" });
    expect(
      sentMessages()
        .slice(1)
        .map((message) => message.role),
    ).toEqual(["user", "assistant", "user"]);
    expect(await storedRows()).toBe(before);
  });

  it("takes the history as JSON in a query parameter on the EventSource GET", async () => {
    const query = new URLSearchParams({ message: "제 이름이 뭐였죠?", history: JSON.stringify(HISTORY) });
    const result = await readSse(`${baseUrl}/api/chat/stream?${query}`);
    expect(result.status).toBe(200);
    expect(result.events[0]!.data.session_id).toBeNull();
    expect(result.events.at(-1)!.data).toMatchObject({ done: true });
    expect(
      sentMessages()
        .map((message) => message.content)
        .slice(1),
    ).toEqual([...HISTORY.map((message) => message.content), "제 이름이 뭐였죠?"]);
  });

  it("sends what a session's context would hold: the last MAX_CONTEXT_MESSAGES messages, the question among them", async () => {
    const long = Array.from({ length: 30 }, (_, index) => ({ role: index % 2 === 0 ? "user" : "assistant", content: `${index}번째 이야기` }));
    const response = await request(harness.app).post("/api/chat").send({ message: "마지막 질문", history: long });
    expect(response.status).toBe(200);
    const sent = sentMessages();
    expect(sent).toHaveLength(1 + 10);
    expect(sent.slice(1).map((message) => message.content)).toEqual([...long.slice(-9).map((message) => message.content), "마지막 질문"]);
  });

  it("keeps system messages of the history where they are", async () => {
    const withSystem = [{ role: "system", content: "존댓말로 짧게 답하세요." }, ...HISTORY];
    await request(harness.app).post("/api/chat").send({ message: "안녕하세요", history: withSystem }).expect(200);
    expect(sentMessages().map((message) => message.role)).toEqual(["system", "system", "user", "assistant", "user"]);
  });

  it("answers a deterministic stateless chat from the proxy's cache the second time", async () => {
    const body = { message: "캐시된 답을 주세요.", history: HISTORY, do_sample: false };
    const first = await request(harness.app).post("/api/chat").send(body).expect(200);
    const calls = harness.upstream.requests.length;
    const second = await request(harness.app).post("/api/chat").send(body).expect(200);
    expect(second.body.content).toBe(first.body.content);
    expect(harness.upstream.requests).toHaveLength(calls);
  });

  it.each([
    ["combined with a session_id", { session_id: "5f0e8d7c-0b6a-4d1e-9c3f-2a1b0c9d8e7f", history: HISTORY }, "history"],
    ["holding a tool message", { history: [{ role: "tool", content: "결과" }] }, "history.0.role"],
    ["holding an empty message", { history: [{ role: "user", content: " " }] }, "history.0.content"],
    ["holding a message over 32,000 characters", { history: [HISTORY[0], { role: "assistant", content: "가".repeat(32_001) }] }, "history.1.content"],
    ["holding a NUL character", { history: [{ role: "user", content: "널\u0000문자" }] }, "history.0.content"],
    ["of 201 messages", { history: Array.from({ length: 201 }, () => HISTORY[0]) }, "history"],
    ["given as an object instead of a list", { history: { role: "user", content: "안녕" } }, "history"],
  ])("refuses a history %s with 422 naming the field", async (_label, extra, field) => {
    const before = await storedRows();
    const response = await request(harness.app)
      .post("/api/chat/stream")
      .send({ message: "안녕하세요", ...extra });
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((issue: { field: string }) => issue.field)).toContain(field);
    expect(await storedRows()).toBe(before);
  });

  it("refuses a query history that is not JSON with 422 naming it", async () => {
    const response = await request(harness.app).get("/api/chat/stream").query({ message: "안녕하세요", history: "[{role:" });
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([{ field: "history", message: "must be a JSON list of {role, content} messages" }]);
  });
});
