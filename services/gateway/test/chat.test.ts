import request from "supertest";
import { replyToken, scaledTimeout, spacelessHangul, waitFor } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { postJson, readChatStream, readSse } from "./support/sse-client";

let harness: GatewayHarness;
let baseUrl: string;

beforeAll(async () => {
  harness = await startGatewayHarness();
  baseUrl = await harness.listen();
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.upstream.reset();
  harness.upstream.configure({ tokens: 12, tokenIntervalMs: 0, latencyMs: 0 });
});

const expectedReply = (tokens: number) => Array.from({ length: tokens }, (_, index) => replyToken(index)).join("");

async function history(sessionId: string) {
  const response = await request(harness.app).get(`/api/sessions/${sessionId}/messages`);
  return response.body.messages as Record<string, any>[];
}

describe("POST /api/chat", () => {
  it("creates a session, answers with the whole reply and stores both messages", async () => {
    const response = await request(harness.app).post("/api/chat").send({ message: "오늘 서울 날씨 어때요?" });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      message_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      role: "assistant",
      content: expectedReply(12),
      created_at: expect.any(String),
      model: "test-model",
      finish_reason: "stop",
      usage: { prompt_tokens: expect.any(Number), completion_tokens: 12, total_tokens: expect.any(Number) },
      sources: [],
    });
    const stored = await history(response.body.session_id);
    expect(stored.map((message) => [message.role, message.status, message.content])).toEqual([
      ["user", "complete", "오늘 서울 날씨 어때요?"],
      ["assistant", "complete", expectedReply(12)],
    ]);
    expect(stored[1]).toMatchObject({ message_id: response.body.message_id, model: "test-model", token_usage: response.body.usage });
  });

  it("sends the system prompt, the history and the parameters upstream", async () => {
    const first = await request(harness.app).post("/api/chat").send({ message: "제 이름은 민지예요." });
    await request(harness.app)
      .post("/api/chat")
      .send({ session_id: first.body.session_id, message: "제 이름이 뭐였죠?", max_new_tokens: 5, do_sample: false, stop: ["끝"] });
    const sent = harness.upstream.requests.at(-1)!.body as Record<string, any>;
    expect(sent.messages.map((message: { role: string }) => message.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(sent.messages[0].content).toContain("한국어");
    expect(sent.messages.at(-1).content).toBe("제 이름이 뭐였죠?");
    expect(sent).toMatchObject({ max_tokens: 5, temperature: 0, stop: ["끝"] });
  });

  it("reports finish_reason length when max_new_tokens cuts the reply", async () => {
    const response = await request(harness.app).post("/api/chat").send({ message: "길게 설명해 주세요.", max_new_tokens: 3 });
    expect(response.body).toMatchObject({ finish_reason: "length", content: expectedReply(3) });
  });

  it.each([
    ["an empty message", { message: "" }, "message"],
    ["a blank message", { message: "   \n " }, "message"],
    ["a message over 32,000 characters", { message: "가".repeat(32_001) }, "message"],
    ["no message", {}, "message"],
    ["max_new_tokens 0", { message: "안녕", max_new_tokens: 0 }, "max_new_tokens"],
    ["temperature 3", { message: "안녕", temperature: 3 }, "temperature"],
    ["top_p 0", { message: "안녕", top_p: 0 }, "top_p"],
    ["do_sample as a string", { message: "안녕", do_sample: "yes" }, "do_sample"],
    ["five stop sequences", { message: "안녕", stop: ["a", "b", "c", "d", "e"] }, "stop"],
    ["k 51", { message: "안녕", k: 51 }, "k"],
    ["a NUL character", { message: "널\u0000문자" }, "message"],
    ["an unpaired surrogate", { message: "깨진 \ud800 문자" }, "message"],
  ])("answers %s with 422 naming the field", async (_label, body, field) => {
    const response = await request(harness.app).post("/api/chat").send(body);
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((issue: { field: string }) => issue.field)).toContain(field);
  });

  it("answers the longest message allowed, 32,000 Hangul syllables without a space, like any other", async () => {
    // Its tokens are counted by the session service (and by the llm-proxy under token limits).
    // Counted as one pre-token, that blocked the session service for seconds and the chat answered 504.
    const message = spacelessHangul(32_000, 17);
    const response = await request(harness.app).post("/api/chat").send({ message });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ content: expectedReply(12), finish_reason: "stop" });
    const stored = await history(response.body.session_id);
    expect(stored[0]).toMatchObject({ role: "user", status: "complete", content: message });
  });

  it("answers 404 for an unknown or malformed session id", async () => {
    for (const id of ["5f0e8d7c-0b6a-4d1e-9c3f-2a1b0c9d8e7f", "세션"]) {
      const response = await request(harness.app).post("/api/chat").send({ session_id: id, message: "안녕하세요" });
      expect(response.status).toBe(404);
    }
  });

  it.each([
    [{ kind: "status", status: 500 } as const, 503, "upstream_unavailable"],
    [{ kind: "status", status: 400, message: "잘못된 요청" } as const, 422, "bad_request"],
    [{ kind: "status", status: 401 } as const, 502, "auth_failed"],
    [{ kind: "malformed", afterTokens: 2 } as const, 502, "upstream_protocol_error"],
    [{ kind: "hang" } as const, 504, "upstream_timeout"],
  ])("maps upstream fault %j to %i %s and stores the failure", async (fault, status, code) => {
    harness.upstream.fail(fault);
    const response = await request(harness.app).post("/api/chat").send({ message: "실패해도 질문은 남아야 해요." });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    const sessions = await harness.sql.query<{ id: string }>(
      `SELECT session_id AS id FROM ${harness.schema}.messages WHERE content = $1 ORDER BY created_at DESC LIMIT 1`,
      ["실패해도 질문은 남아야 해요."],
    );
    const stored = await history(sessions.rows[0]!.id);
    expect(stored.map((message) => [message.role, message.status])).toEqual([
      ["user", "complete"],
      ["assistant", "failed"],
    ]);
    expect(stored[1]!.error_code).toBe(code);
  });
});

describe("POST /api/chat/stream", () => {
  it("streams the start event, every delta in order and a final done event", async () => {
    const result = await readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "부산 여행지를 추천해 주세요." }));
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(result.headers.get("cache-control")).toMatch(/no-cache/);
    expect(result.headers.get("x-accel-buffering")).toBe("no");
    expect(result.headers.get("content-encoding")).toBeNull();

    const [start, ...rest] = result.events;
    expect(start).toEqual({ id: 1, data: { session_id: expect.any(String), message_id: expect.any(String) } });
    const done = rest.at(-1)!;
    expect(done.data).toEqual({
      done: true,
      message_id: start!.data.message_id,
      finish_reason: "stop",
      usage: { prompt_tokens: expect.any(Number), completion_tokens: 12, total_tokens: expect.any(Number) },
      model: "test-model",
    });
    const chunks = rest.slice(0, -1);
    expect(chunks.map((event) => event.data.chunk).join("")).toBe(expectedReply(12));
    expect(result.events.map((event) => event.id)).toEqual(result.events.map((_, index) => index + 1));

    const stored = await history(start!.data.session_id);
    expect(stored.at(-1)).toMatchObject({ message_id: start!.data.message_id, status: "complete", content: expectedReply(12) });
  });

  it("answers errors before the stream starts as JSON", async () => {
    const result = await readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "" }));
    expect(result.status).toBe(422);
    expect(result.body!.error.code).toBe("validation_failed");
  });

  it("ends with an error event when the upstream fails mid-stream, keeping what was said", async () => {
    harness.upstream.fail({ kind: "disconnect", afterTokens: 3 });
    const result = await readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "중간에 끊기면 어떻게 되나요?" }));
    const last = result.events.at(-1)!;
    expect(last.data).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    const stored = await history(result.events[0]!.data.session_id);
    expect(stored.map((message) => message.status)).toEqual(["complete", "failed"]);
    expect(stored[1]!.content).toBe(expectedReply(3));
  });

  it("serves the same stream to EventSource clients over GET", async () => {
    const query = new URLSearchParams({ message: "GET으로도 되나요?", max_new_tokens: "4" });
    const result = await readSse(`${baseUrl}/api/chat/stream?${query}`);
    expect(result.events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "length" });
    expect(
      result.events
        .slice(1, -1)
        .map((event) => event.data.chunk)
        .join(""),
    ).toBe(expectedReply(4));
  });
});

describe("disconnect, resume and stop", () => {
  it("keeps generating after the client disconnects; a resume replays the rest with no gap or duplicate", async () => {
    harness.upstream.configure({ tokens: 20, tokenIntervalMs: 20 });
    const partial = await readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "천천히 길게 답해 주세요." }), { stopAfter: 4 });
    const messageId = partial.events[0]!.data.message_id as string;
    const lastSeen = partial.events.at(-1)!.id;

    const resumed = await readSse(`${baseUrl}/api/chat/streams/${messageId}`, { headers: { "last-event-id": String(lastSeen) } });
    expect(resumed.events[0]!.id).toBe(lastSeen + 1);
    const all = [...partial.events, ...resumed.events];
    expect(all.map((event) => event.id)).toEqual(all.map((_, index) => index + 1));
    expect(
      all
        .filter((event) => "chunk" in event.data)
        .map((event) => event.data.chunk)
        .join(""),
    ).toBe(expectedReply(20));
    expect(all.at(-1)!.data.done).toBe(true);

    const stored = await history(partial.events[0]!.data.session_id);
    expect(stored.at(-1)).toMatchObject({ status: "complete", content: expectedReply(20) });
  });

  it("replays from ?after= too, and the whole stream from 0", async () => {
    const started = await request(harness.app).post("/api/chat").send({ message: "다시 보기 테스트" });
    const whole = await readSse(`${baseUrl}/api/chat/streams/${started.body.message_id}?after=0`);
    expect(whole.events[0]!.data).toEqual({ session_id: started.body.session_id, message_id: started.body.message_id });
    expect(whole.events.at(-1)!.data.done).toBe(true);
    const tail = await readSse(`${baseUrl}/api/chat/streams/${started.body.message_id}?after=${whole.events.length - 1}`);
    expect(tail.events).toEqual([whole.events.at(-1)]);
  });

  it("answers 404 for an unknown stream", async () => {
    const result = await readSse(`${baseUrl}/api/chat/streams/e3a1a5c2-2f2c-4a5e-8d0e-5b9b3f1d2c10`);
    expect(result.status).toBe(404);
    const stop = await request(harness.app).post("/api/chat/streams/없는-스트림/stop");
    expect(stop.status).toBe(404);
  });

  it("stop cancels the upstream call within a second and stores the partial reply as interrupted", async () => {
    harness.upstream.configure({ tokens: 200, tokenIntervalMs: 30 });
    const { result: watching, started } = readChatStream(`${baseUrl}/api/chat/stream`, postJson({ message: "아주 긴 이야기를 들려주세요." }));
    const upstreamRequest = await waitFor(() => harness.upstream.requests.find((recorded) => recorded.tokensSent >= 3), {
      what: "tokens flowing",
    });
    const { messageId } = await started;
    const stoppedAt = Date.now();
    const stop = await request(harness.app).post(`/api/chat/streams/${messageId}/stop`);
    expect(stop.status).toBe(202);
    await waitFor(() => upstreamRequest.closedEarly, { timeoutMs: 1000, what: "upstream connection closed" });
    expect(upstreamRequest.closedAt! - stoppedAt).toBeLessThan(scaledTimeout(1000));

    const result = await watching;
    const last = result.events.at(-1)!;
    expect(last.data).toMatchObject({ done: true, finish_reason: "interrupted" });
    const streamed = result.events
      .filter((event) => "chunk" in event.data)
      .map((event) => event.data.chunk)
      .join("");
    const stored = await history(result.events[0]!.data.session_id);
    expect(stored.at(-1)).toMatchObject({ status: "interrupted", content: streamed });
    expect(expectedReply(200).startsWith(streamed)).toBe(true);
    expect(streamed.length).toBeLessThan(expectedReply(200).length);
  });

  it("locks a new session from its stream's first event: a chat naming it meanwhile is refused with 409", async () => {
    harness.upstream.configure({ tokens: 40, tokenIntervalMs: 20 });
    const { result: first, started } = readChatStream(`${baseUrl}/api/chat/stream`, postJson({ message: "새 세션에서 길게 답해 주세요" }));
    const { sessionId } = await started;
    const second = await request(harness.app).post("/api/chat").send({ session_id: sessionId, message: "끼어들기" });
    expect([second.status, second.body.error?.code]).toEqual([409, "generation_in_progress"]);
    expect((await first).events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "stop" });
    const after = await request(harness.app).post("/api/chat").send({ session_id: sessionId, message: "이제 다음 질문" });
    expect([after.status, after.body.session_id]).toEqual([200, sessionId]);
  });

  it("refuses a second concurrent generation on the same session with 409", async () => {
    const created = await request(harness.app).post("/api/sessions");
    const sessionId = created.body.session_id as string;
    harness.upstream.configure({ tokens: 30, tokenIntervalMs: 20 });
    const first = readSse(`${baseUrl}/api/chat/stream`, postJson({ session_id: sessionId, message: "첫 번째 질문" }));
    await waitFor(() => harness.upstream.requests.length > 0, { what: "first generation upstream" });
    const second = await request(harness.app).post("/api/chat").send({ session_id: sessionId, message: "두 번째 질문" });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe("generation_in_progress");
    await first;
    const third = await request(harness.app).post("/api/chat").send({ session_id: sessionId, message: "이제 세 번째 질문" });
    expect(third.status).toBe(200);
  });
});

describe("chat metrics", () => {
  it("counts finished generations by outcome and open streams in /metrics", async () => {
    await request(harness.app).post("/api/chat").send({ message: "지표가 올라가나요?" });
    const metrics = await request(harness.app).get("/metrics");
    expect(metrics.text).toMatch(/chatbot_chat_generations_total\{status="complete"\} [1-9]/);
    expect(metrics.text).toMatch(/chatbot_chat_active_generations 0/);
    expect(metrics.text).toMatch(/chatbot_sse_open_streams 0/);
    expect(metrics.text).toMatch(/chatbot_http_requests_total\{method="POST",route="\/api\/chat",status="200"\}/);
  });
});
