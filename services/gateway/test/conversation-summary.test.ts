import request from "supertest";
import { scaledTimeout, waitFor } from "@chatbot/testkit";
import { SUMMARY_INSTRUCTION } from "../../llm-proxy/src/domain/summary-prompt";
import { SUMMARY_PROMPT_HEADING, SUMMARY_REFRESH_TIMEOUT_MS, SUMMARY_TURN_TIMEOUT_MS } from "../src/domain/chat/conversation-summarizer";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

const FACT = "제 이름은 김민수이고 사번은 4821입니다. 오늘은 배송 문의를 드리려고 합니다.";
/** About 500 tokens of Korean: two or three of these fill the window. */
const LONG = (index: number) => `${index}번째 긴 이야기입니다. ` + "서울의 한 물류 센터에서 상자를 분류하고 포장하는 과정을 자세히 설명합니다. ".repeat(14);
/** What the model upstream answers when asked for a summary. */
const MODEL_SUMMARY = ["요약: ", "사용자는 ", "김민수, ", "사번 ", "4821이며 ", "배송을 ", "문의함."];

interface SentMessage {
  role: string;
  content: string;
}

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({ MAX_CONTEXT_MESSAGES: "8", CONTEXT_TOKEN_BUDGET: "1600" });
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.upstream.reset();
  harness.upstream.configure({ tokens: 7, tokenIntervalMs: 0, latencyMs: 0, respond: (body) => (isSummaryRequest(body) ? { script: MODEL_SUMMARY } : undefined) });
});

function messagesOf(body: Record<string, unknown>): SentMessage[] {
  return (body.messages as SentMessage[] | undefined) ?? [];
}

function isSummaryRequest(body: Record<string, unknown>): boolean {
  return messagesOf(body)[0]?.content === SUMMARY_INSTRUCTION;
}

const chatRequests = () => harness.upstream.requests.filter((sent) => !isSummaryRequest(sent.body)).map((sent) => messagesOf(sent.body));
const summaryRequests = () => harness.upstream.requests.filter((sent) => isSummaryRequest(sent.body)).map((sent) => messagesOf(sent.body));

async function chat(sessionId: string | undefined, message: string) {
  const response = await request(harness.app)
    .post("/api/chat")
    .send({ message, ...(sessionId ? { session_id: sessionId } : {}) });
  expect(response.status).toBe(200);
  expect(response.body.content.length).toBeGreaterThan(0);
  return response.body as { session_id: string; message_id: string };
}

/** A session of FACT and four long turns, stored without generating replies; their wording varies with `offset` and `reply`. */
async function importConversation(offset: number, reply: string): Promise<string> {
  const created = await request(harness.app).post("/api/sessions").send({}).expect(201);
  const sessionId = created.body.session_id as string;
  const turns = [{ role: "user", content: FACT }];
  for (let index = 1; index <= 4; index += 1) {
    turns.push({ role: "user", content: LONG(index + offset) }, { role: "assistant", content: `${index}번째 ${reply}.` });
  }
  for (const turn of turns) await request(harness.app).post(`/api/sessions/${sessionId}/messages`).send(turn).expect(201);
  return sessionId;
}

async function summaryOf(sessionId: string) {
  const response = await request(harness.app).get(`/api/sessions/${sessionId}`).expect(200);
  return response.body.summary as { content: string; through_message_id: string; updated_at: string } | null;
}

/** The summary message sent ahead of the window, if any. */
function summaryMessage(messages: SentMessage[]): SentMessage | undefined {
  return messages.find((message) => message.role === "system" && message.content.startsWith(SUMMARY_PROMPT_HEADING));
}

describe("a long conversation keeps its early facts in a running summary", () => {
  it("sends the LLM a summary holding the first turn's fact once that turn fell out of the window, and refreshes it as the conversation grows", async () => {
    const { session_id: sessionId } = await chat(undefined, FACT);
    for (let index = 1; index <= 6; index += 1) await chat(sessionId, LONG(index));

    // The model was asked to fold the dropped turns, the fact among them.
    expect(summaryRequests().some((messages) => messages[1]!.content.includes(FACT))).toBe(true);
    const first = await waitFor(() => summaryOf(sessionId), { what: "a summary" });
    expect(first.content).toContain("4821");

    await chat(sessionId, "제 사번이 뭐였죠?");
    const sent = chatRequests().at(-1)!;
    // The fact's own turn is long gone from the window; its summary comes right after the system prompt.
    expect(sent.some((message) => message.content === FACT)).toBe(false);
    expect(sent[1]).toBe(summaryMessage(sent));
    expect(sent[1]!.content).toContain("4821");
    expect(sent.at(-1)!.content).toBe("제 사번이 뭐였죠?");

    // More turns fall out: the summary is refreshed through a later message.
    for (let index = 7; index <= 9; index += 1) await chat(sessionId, LONG(index));
    const refreshed = await waitFor(
      async () => {
        const summary = await summaryOf(sessionId);
        return summary && summary.through_message_id !== first.through_message_id ? summary : null;
      },
      { what: "a refreshed summary" },
    );
    expect(Date.parse(refreshed.updated_at)).toBeGreaterThanOrEqual(Date.parse(first.updated_at));
    const messages = (await request(harness.app).get(`/api/sessions/${sessionId}/messages`).query({ limit: 200 })).body.messages as { message_id: string }[];
    const position = (id: string) => messages.findIndex((message) => message.message_id === id);
    expect(position(refreshed.through_message_id)).toBeGreaterThan(position(first.through_message_id));
    // The refresh folded the earlier summary with the newly dropped turns.
    expect(summaryRequests().some((messages) => messages[1]!.content.includes(`이전 요약: ${first.content}`))).toBe(true);
  });

  it("summarises a conversation imported without replies on its first turn, before generating", async () => {
    const sessionId = await importConversation(0, "답변입니다");
    await chat(sessionId, "제 이름을 기억하시나요?");
    const order = harness.upstream.requests.map((sent) => (isSummaryRequest(sent.body) ? "summary" : "chat"));
    expect(order.slice(0, 2)).toEqual(["summary", "chat"]);
    const sent = chatRequests()[0]!;
    expect(summaryMessage(sent)?.content).toContain("4821");
    expect((await summaryOf(sessionId))?.content).toContain("4821");
  });

  // This test outlasts the background refresh's deadline by design, so its own deadline leaves room for it.
  it(
    "still answers every turn when the summariser fails, keeping an extractive summary with the fact",
    async () => {
      harness.upstream.configure({ respond: (body) => (isSummaryRequest(body) ? { fault: { kind: "hang" } } : undefined) });
      // Other turns than the test before's, so the proxy's cache of deterministic answers cannot answer for the model.
      const sessionId = await importConversation(20, "답변이에요");
      const started = Date.now();
      await chat(sessionId, "제 이름을 기억하시나요?");
      // The turn waited for the model's summary no longer than its deadline (and the busy machine's slack).
      expect(Date.now() - started).toBeLessThan(SUMMARY_TURN_TIMEOUT_MS + 10_000);
      await chat(sessionId, LONG(5));
      const sent = chatRequests();
      expect(sent).toHaveLength(2);
      expect(summaryMessage(sent[0]!)?.content).toContain("제 이름은 김민수이고 사번은 4821입니다.");
      expect(summaryRequests().length).toBeGreaterThan(0);
      // Once the model's attempt has failed (the hung call is given up after the refresh deadline), the extractive summary is stored in its place.
      const stored = await waitFor(() => summaryOf(sessionId), {
        timeoutMs: SUMMARY_REFRESH_TIMEOUT_MS + 30_000,
        intervalMs: 200,
        what: "the extractive summary to be stored",
      });
      expect(stored.content).toContain("사번은 4821입니다.");
    },
    scaledTimeout(SUMMARY_REFRESH_TIMEOUT_MS + 30_000),
  );

  it("sends no summary and asks for none while the conversation fits", async () => {
    const { session_id: sessionId } = await chat(undefined, FACT);
    await chat(sessionId, "배송은 언제 오나요?");
    expect(summaryRequests()).toHaveLength(0);
    expect(chatRequests().every((messages) => summaryMessage(messages) === undefined)).toBe(true);
    expect(await summaryOf(sessionId)).toBeNull();
  });

  it("is documented in the OpenAPI document on GET /api/sessions/{session_id}", async () => {
    const { body } = await request(harness.app).get("/openapi.json").expect(200);
    const summary = body.components.schemas.Session.properties.summary;
    expect(summary.type).toEqual(["object", "null"]);
    expect(Object.keys(summary.properties).sort()).toEqual(["content", "through_message_id", "updated_at"]);
    expect(body.paths["/api/sessions/{session_id}"].get.description).toContain("summary");
  });
});
