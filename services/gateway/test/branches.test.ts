import request from "supertest";
import { randomUUID } from "node:crypto";
import { replyToken, waitFor } from "@chatbot/testkit";
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
  harness.upstream.configure({ tokens: 4, tokenIntervalMs: 0, latencyMs: 0 });
});

const reply = Array.from({ length: 4 }, (_, index) => replyToken(index)).join("");

type Listed = { message_id: string; role: string; content: string; parent_message_id: string | null; sibling_ids: string[] };

async function listed(sessionId: string, query: Record<string, string> = {}): Promise<Listed[]> {
  const response = await request(harness.app).get(`/api/sessions/${sessionId}/messages`).query(query);
  expect(response.status).toBe(200);
  return response.body.messages as Listed[];
}

/** What the LLM was sent last, without the system prompt: [role, content] pairs. */
function lastPrompt(): [string, string][] {
  const sent = harness.upstream.requests.at(-1)!.body as { messages: { role: string; content: string }[] };
  return sent.messages.filter((message) => message.role !== "system").map((message) => [message.role, message.content]);
}

async function chat(body: Record<string, unknown>) {
  const response = await request(harness.app).post("/api/chat").send(body);
  expect(response.status).toBe(200);
  return response.body as { session_id: string; message_id: string; content: string };
}

describe("regenerating a reply", () => {
  it("keeps every answer as a sibling, sends the LLM only the question's branch, and lists the newest", async () => {
    const first = await chat({ message: "연차는 며칠인가요?" });
    const sessionId = first.session_id;
    const second = await chat({ session_id: sessionId, regenerate_message_id: first.message_id });
    expect(lastPrompt()).toEqual([["user", "연차는 며칠인가요?"]]);
    const third = await chat({ session_id: sessionId, regenerate_message_id: second.message_id });
    expect(lastPrompt()).toEqual([["user", "연차는 며칠인가요?"]]);
    expect(third.content).toBe(reply);

    const answers = [first.message_id, second.message_id, third.message_id];
    const messages = await listed(sessionId);
    expect(messages.map((message) => [message.role, message.content])).toEqual([
      ["user", "연차는 며칠인가요?"],
      ["assistant", reply],
    ]);
    expect(messages[0]!.parent_message_id).toBeNull();
    expect(messages[0]!.sibling_ids).toEqual([messages[0]!.message_id]);
    expect(messages[1]).toMatchObject({ message_id: third.message_id, parent_message_id: messages[0]!.message_id, sibling_ids: answers });
    // Each earlier answer is still there, and its branch can be listed.
    for (const answer of answers) {
      const branch = await listed(sessionId, { message_id: answer });
      expect(branch.map((message) => message.message_id)).toEqual([messages[0]!.message_id, answer]);
    }

    // A client that sends nothing new continues after the newest answer, with one answer in its context.
    await chat({ session_id: sessionId, message: "반차도 되나요?" });
    expect(lastPrompt()).toEqual([
      ["user", "연차는 며칠인가요?"],
      ["assistant", reply],
      ["user", "반차도 되나요?"],
    ]);
    expect((await listed(sessionId)).map((message) => message.content)).toEqual(["연차는 며칠인가요?", reply, "반차도 되나요?", reply]);
  });

  it("regenerates over the EventSource route too, answering the stored question", async () => {
    const first = await chat({ message: "주차 등록은 어떻게 하나요?" });
    const query = new URLSearchParams({ session_id: first.session_id, regenerate_message_id: first.message_id });
    const stream = await readSse(`${baseUrl}/api/chat/stream?${query}`);
    expect(stream.status).toBe(200);
    expect(stream.events.at(-1)!.data).toMatchObject({ done: true });
    const regenerated = stream.events[0]!.data.message_id as string;
    expect(lastPrompt()).toEqual([["user", "주차 등록은 어떻게 하나요?"]]);
    const messages = await listed(first.session_id);
    expect(messages.map((message) => message.message_id).at(-1)).toBe(regenerated);
    expect(messages[1]!.sibling_ids).toEqual([first.message_id, regenerated]);
  });
});

describe("editing a question", () => {
  it("branches beside the old question; the old answer survives and the LLM never sees it", async () => {
    const first = await chat({ message: "서울에서 부산까지 얼마나 걸려요?" });
    const sessionId = first.session_id;
    const old = await chat({ session_id: sessionId, message: "KTX 요금은요?" });
    const before = await listed(sessionId);
    const oldQuestion = before[2]!;

    // Edit "KTX 요금은요?": ask under its parent, the first answer, over the POST stream.
    const stream = await readSse(`${baseUrl}/api/chat/stream`, postJson({ session_id: sessionId, parent_message_id: first.message_id, message: "SRT 요금은요?" }));
    expect(stream.status).toBe(200);
    expect(stream.events.at(-1)!.data).toMatchObject({ done: true });
    expect(lastPrompt()).toEqual([
      ["user", "서울에서 부산까지 얼마나 걸려요?"],
      ["assistant", reply],
      ["user", "SRT 요금은요?"],
    ]);

    const active = await listed(sessionId);
    expect(active.map((message) => message.content)).toEqual(["서울에서 부산까지 얼마나 걸려요?", reply, "SRT 요금은요?", reply]);
    expect(active[2]!.sibling_ids).toEqual([oldQuestion.message_id, active[2]!.message_id]);
    expect(active[2]!.parent_message_id).toBe(first.message_id);

    // The old branch is listed through its question, ending with its answer.
    const oldBranch = await listed(sessionId, { message_id: oldQuestion.message_id });
    expect(oldBranch.map((message) => [message.content, message.message_id])).toEqual([
      ["서울에서 부산까지 얼마나 걸려요?", before[0]!.message_id],
      [reply, first.message_id],
      ["KTX 요금은요?", oldQuestion.message_id],
      [reply, old.message_id],
    ]);

    // Continuing the old branch makes it active again, and only it is sent.
    await chat({ session_id: sessionId, parent_message_id: old.message_id, message: "할인은 있나요?" });
    expect(lastPrompt().map(([, content]) => content)).toEqual(["서울에서 부산까지 얼마나 걸려요?", reply, "KTX 요금은요?", reply, "할인은 있나요?"]);
    expect((await listed(sessionId)).map((message) => message.content)).toEqual([
      "서울에서 부산까지 얼마나 걸려요?",
      reply,
      "KTX 요금은요?",
      reply,
      "할인은 있나요?",
      reply,
    ]);

    // Editing the first question: null starts a new first message.
    await chat({ session_id: sessionId, parent_message_id: null, message: "서울에서 대전까지는요?" });
    expect(lastPrompt()).toEqual([["user", "서울에서 대전까지는요?"]]);
    const roots = await listed(sessionId);
    expect(roots.map((message) => message.content)).toEqual(["서울에서 대전까지는요?", reply]);
    expect(roots[0]!.sibling_ids).toEqual([before[0]!.message_id, roots[0]!.message_id]);
  });

  it("starts a new first question from the EventSource route with an empty parent_message_id", async () => {
    const first = await chat({ message: "환불은 언제 되나요?" });
    const query = new URLSearchParams({ session_id: first.session_id, parent_message_id: "", message: "교환은 언제 되나요?" });
    const stream = await readSse(`${baseUrl}/api/chat/stream?${query}`);
    expect(stream.status).toBe(200);
    expect(lastPrompt()).toEqual([["user", "교환은 언제 되나요?"]]);
    expect((await listed(first.session_id)).map((message) => message.content)).toEqual(["교환은 언제 되나요?", reply]);
  });
});

describe("refused branches", () => {
  it("answers 404 for an unknown message id or one of another session, in the usual error shape", async () => {
    const mine = await chat({ message: "제 질문이에요" });
    const theirs = await chat({ message: "다른 세션 질문이에요" });
    for (const id of [randomUUID(), "없는-메시지", theirs.message_id]) {
      for (const body of [
        { session_id: mine.session_id, regenerate_message_id: id },
        { session_id: mine.session_id, parent_message_id: id, message: "새 질문" },
      ]) {
        const response = await request(harness.app).post("/api/chat").send(body);
        expect(response.status).toBe(404);
        expect(response.body).toEqual({ error: expect.objectContaining({ code: "message_not_found", message: expect.any(String) }), request_id: expect.any(String) });
      }
      const listing = await request(harness.app).get(`/api/sessions/${mine.session_id}/messages`).query({ message_id: id });
      expect(listing.status).toBe(404);
      expect(listing.body.error.code).toBe("message_not_found");
    }
    expect((await listed(mine.session_id)).map((message) => message.content)).toEqual(["제 질문이에요", reply]);
  });

  it("answers 422 naming the field for a wrong role, both ids, a message with a regeneration, or no session", async () => {
    const first = await chat({ message: "질문 하나" });
    const [question] = await listed(first.session_id);
    const cases: [Record<string, unknown>, string][] = [
      [{ session_id: first.session_id, regenerate_message_id: question!.message_id }, "regenerate_message_id"],
      [{ session_id: first.session_id, parent_message_id: question!.message_id, message: "질문 밑에 질문" }, "parent_message_id"],
      [{ session_id: first.session_id, regenerate_message_id: first.message_id, parent_message_id: first.message_id }, "parent_message_id"],
      [{ session_id: first.session_id, regenerate_message_id: first.message_id, message: "같이 보낸 질문" }, "message"],
      [{ regenerate_message_id: first.message_id }, "regenerate_message_id"],
      [{ parent_message_id: first.message_id, message: "세션 없이" }, "parent_message_id"],
      [{ session_id: first.session_id }, "message"],
      [{ session_id: first.session_id, regenerate_message_id: 42 }, "regenerate_message_id"],
    ];
    for (const [body, field] of cases) {
      const response = await request(harness.app).post("/api/chat").send(body);
      expect([response.status, response.body.error?.code]).toEqual([422, "validation_failed"]);
      expect(response.body.error.details.map((issue: { field: string }) => issue.field)).toContain(field);
    }
    expect((await listed(first.session_id)).map((message) => message.content)).toEqual(["질문 하나", reply]);
  });
});

describe("branches while a reply is generating", () => {
  it("refuses a regeneration or an edit with 409 until the running reply ends, and stores nothing for them", async () => {
    const first = await chat({ message: "보고서 요약해 주세요" });
    const sessionId = first.session_id;
    harness.upstream.configure({ tokens: 30, tokenIntervalMs: 20 });
    const running = readSse(`${baseUrl}/api/chat/stream`, postJson({ session_id: sessionId, regenerate_message_id: first.message_id }));
    await waitFor(() => harness.upstream.requests.length > 1, { what: "the regeneration upstream" });
    for (const body of [
      { session_id: sessionId, regenerate_message_id: first.message_id },
      { session_id: sessionId, parent_message_id: null, message: "다른 질문으로 바꿀게요" },
    ]) {
      const refused = await request(harness.app).post("/api/chat").send(body);
      expect([refused.status, refused.body.error.code]).toEqual([409, "generation_in_progress"]);
    }
    const finished = await running;
    expect(finished.events.at(-1)!.data).toMatchObject({ done: true });
    const messages = await listed(sessionId);
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(messages[1]!.sibling_ids).toEqual([first.message_id, finished.events[0]!.data.message_id]);
    expect((await request(harness.app).get(`/api/sessions/${sessionId}`)).body.message_count).toBe(3);
  });
});
