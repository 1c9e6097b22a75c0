import type { sessionV1 } from "@chatbot/grpc";
import { AppError } from "@chatbot/core";
import { testLogger } from "@chatbot/testkit";
import { createConversationSummarizer, type TurnCoverage } from "../src/domain/chat/conversation-summarizer";
import type { LlmClient } from "../src/domain/chat/llm.client";
import type { SessionClient } from "../src/domain/sessions/session.client";

const FACT = "제 이름은 김민수이고 사번은 4821입니다. 오늘 날씨가 좋네요.";

const message = (id: string, role: string, content: string): sessionV1.Message =>
  ({
    message_id: id,
    session_id: "세션",
    sequence: 0,
    role,
    content,
    created_at: "",
    status: "complete",
    model: "",
    sources: [],
    error_code: "",
    finish_reason: "",
    sibling_ids: [],
    provider: "",
  }) as sessionV1.Message;

const TURN: TurnCoverage = {
  session_id: "세션",
  context: [message("m5", "user", "다섯 번째 질문")],
  summary: null,
  uncovered_message_count: 2,
  context_token_count: 10,
};

/** A session client holding two dropped messages, recording the summaries it is given. */
function fakeSession(saved: sessionV1.SaveSummaryRequest[], fail = false): SessionClient {
  return {
    async getSummaryBacklog() {
      if (fail) throw new AppError("unavailable", "session_unavailable", "down");
      return { messages: [message("m1", "user", FACT), message("m2", "assistant", "네, 김민수 님. 무엇을 도와드릴까요?")] } as unknown as sessionV1.SummaryBacklog;
    },
    async saveSummary(request: sessionV1.SaveSummaryRequest) {
      saved.push(request);
      return { content: request.content, through_message_id: request.through_message_id, updated_at: new Date().toISOString(), token_count: 10 };
    },
  } as unknown as SessionClient;
}

/** An LLM that never answers until its call is aborted; records the aborts. */
function hangingLlm(aborted: string[]): LlmClient {
  return {
    complete: (_request, options) =>
      new Promise((_resolve, reject) => {
        options?.signal?.addEventListener("abort", () => {
          aborted.push("complete");
          reject(new AppError("cancelled", "cancelled", "aborted"));
        });
      }),
  } as LlmClient;
}

describe("the conversation summarizer", () => {
  it("gives a turn an extractive summary past its deadline, and stores it once the LLM fails", async () => {
    const saved: sessionV1.SaveSummaryRequest[] = [];
    const llm = { complete: async () => Promise.reject(new AppError("unavailable", "llm_unavailable", "down")) } as unknown as LlmClient;
    const summarizer = createConversationSummarizer({
      session: fakeSession(saved),
      llm,
      logger: testLogger("summary"),
      maxContextMessages: 10,
      contextTokenBudget: 3000,
    });
    const summary = await summarizer.forTurn("테넌트", TURN);
    expect(summary?.content).toContain("제 이름은 김민수이고 사번은 4821입니다.");
    expect(summary?.content).not.toContain("오늘 날씨가 좋네요");
    expect(summary?.through_message_id).toBe("m2");
    await summarizer.settled();
    expect(saved).toEqual([expect.objectContaining({ through_message_id: "m2", content: expect.stringContaining("4821") })]);
  });

  it("answers null, never an error, when the session service is away", async () => {
    const summarizer = createConversationSummarizer({
      session: fakeSession([], true),
      llm: hangingLlm([]),
      logger: testLogger("summary"),
      maxContextMessages: 10,
      contextTokenBudget: 3000,
    });
    await expect(summarizer.forTurn("테넌트", TURN)).resolves.toBeNull();
  });

  it("abandons background refreshes on close and starts no more", async () => {
    const aborted: string[] = [];
    const saved: sessionV1.SaveSummaryRequest[] = [];
    const summarizer = createConversationSummarizer({
      session: fakeSession(saved),
      llm: hangingLlm(aborted),
      logger: testLogger("summary"),
      maxContextMessages: 10,
      contextTokenBudget: 3000,
    });
    summarizer.refreshAfter("테넌트", TURN);
    expect(summarizer.pending).toBe(1);
    // A second refresh of the same session waits for the first.
    summarizer.refreshAfter("테넌트", TURN);
    expect(summarizer.pending).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    summarizer.close();
    await summarizer.settled();
    expect(aborted).toEqual(["complete"]);
    expect(saved).toEqual([]);
    summarizer.refreshAfter("테넌트", { ...TURN, session_id: "다른 세션" });
    expect(summarizer.pending).toBe(0);
  });

  it("leaves a turn alone when nothing was dropped and its window is far from the limits", async () => {
    const saved: sessionV1.SaveSummaryRequest[] = [];
    const summarizer = createConversationSummarizer({
      session: fakeSession(saved),
      llm: hangingLlm([]),
      logger: testLogger("summary"),
      maxContextMessages: 10,
      contextTokenBudget: 3000,
    });
    const quiet = { ...TURN, uncovered_message_count: 0 };
    await expect(summarizer.forTurn("테넌트", quiet)).resolves.toBeNull();
    summarizer.refreshAfter("테넌트", quiet);
    expect(summarizer.pending).toBe(0);
  });
});
