import { randomUUID } from "node:crypto";
import { SUMMARY_MAX_TOKENS } from "@chatbot/core";
import { countTextTokens } from "@chatbot/tokens";
import type { SessionService, Turn } from "../../src/domain/session.service";
import type { OpenDatabase, TestDatabase } from "./databases";
import { useServiceFixture, type ServiceFixture } from "./service-fixture";

const TENANT = "tenant-요약";
const FACT = "제 이름은 김민수이고 사번은 4821입니다. 오늘은 배송 문의를 드리려고 합니다.";
/** About 500 tokens of Korean: a few of these pass the budget. */
const LONG = (index: number) => `${index}번째 긴 이야기입니다. ` + "서울의 한 물류 센터에서 상자를 분류하고 포장하는 과정을 자세히 설명합니다. ".repeat(14);
const BUDGET = 2_000;
const MAX_MESSAGES = 10;

/** Running summaries, whichever database is underneath. */
export function describeConversationSummaryContract(adapter: string, open: OpenDatabase): void {
  describe(`conversation summaries on ${adapter}`, () => {
    const fixture = useServiceFixture(open);
    let database: TestDatabase;
    let service: SessionService;
    let clock: ServiceFixture["clock"];
    beforeEach(() => ({ database, service, clock } = fixture));

    /** One chat turn with its reply stored. */
    async function chat(sessionId: string | undefined, question: string, reply: string, parentMessageId?: string): Promise<Turn> {
      const turn = await service.beginTurn({
        tenantId: TENANT,
        ...(sessionId ? { sessionId } : {}),
        ...(parentMessageId ? { parentMessageId } : {}),
        content: question,
        assistantMessageId: randomUUID(),
        maxMessages: MAX_MESSAGES,
        tokenBudget: BUDGET,
      });
      await service.finalizeMessage({ tenantId: TENANT, sessionId: turn.sessionId, messageId: turn.assistantMessage.id, content: reply, status: "complete" });
      clock.advance(1_000);
      return turn;
    }

    /** A session whose first turn states the fact and whose later turns push it out of the window. */
    async function longConversation(turns: number): Promise<{ sessionId: string; last: Turn }> {
      const first = await chat(undefined, FACT, "네, 김민수 님. 무엇을 도와드릴까요?");
      let last = first;
      for (let index = 1; index <= turns; index += 1) last = await chat(first.sessionId, LONG(index), `${index}번째 답변입니다. 잘 알겠습니다.`);
      return { sessionId: first.sessionId, last };
    }

    it("keeps the window and the summary's reserve within the budget, and counts the dropped messages no summary covers", async () => {
      const { sessionId, last } = await longConversation(5);
      expect(last.context.summary).toBeNull();
      expect(last.context.uncoveredCount).toBeGreaterThan(0);
      expect(last.context.messages.some((message) => message.content === FACT)).toBe(false);
      expect(last.context.tokenCount).toBeLessThanOrEqual(BUDGET - SUMMARY_MAX_TOKENS);
      expect(last.context.messages.at(-1)?.id).toBe(last.userMessage.id);
      // Messages before the window that no summary covers: all of them so far.
      const before = last.context.messages[0]!.sequence - 1;
      expect(last.context.uncoveredCount).toBe(before);
      expect((await service.getSession({ tenantId: TENANT, sessionId })).summary).toBeNull();
    });

    it("a turn sees nothing dropped, no reserve and no summary while its conversation fits", async () => {
      const first = await chat(undefined, FACT, "네, 김민수 님.");
      const second = await chat(first.sessionId, "배송은 언제 오나요?", "내일 도착합니다.");
      expect(second.context.messages.map((message) => message.content)).toEqual([FACT, "네, 김민수 님.", "배송은 언제 오나요?"]);
      expect(second.context).toMatchObject({ summary: null, uncoveredCount: 0 });
    });

    it("folds a turn's dropped messages into a summary the next turns send, and a refresh advances through_message_id", async () => {
      const { sessionId, last } = await longConversation(5);
      const start = last.context.messages[0]!;
      const backlog = await service.getSummaryBacklog({ tenantId: TENANT, sessionId, windowStartMessageId: start.id });
      expect(backlog.summary).toBeNull();
      expect(backlog.messages[0]!.content).toBe(FACT);
      expect(backlog.messages).toHaveLength(last.context.uncoveredCount);
      const through = backlog.messages.at(-1)!;
      const saved = await service.saveSummary({
        tenantId: TENANT,
        sessionId,
        throughMessageId: through.id,
        content: "- 사용자: 제 이름은 김민수이고 사번은 4821입니다.",
      });
      expect(saved).toMatchObject({ throughMessageId: through.id, content: "- 사용자: 제 이름은 김민수이고 사번은 4821입니다." });
      expect(saved.contentTokens).toBe(countTextTokens(saved.content));

      const next = await chat(sessionId, LONG(6), "6번째 답변입니다.");
      expect(next.context.summary).toMatchObject({ throughMessageId: through.id });
      expect(next.context.summary!.content).toContain("4821");
      // What dropped since the summary was made is counted as uncovered, and the refresh folds exactly it.
      const refresh = await service.getSummaryBacklog({ tenantId: TENANT, sessionId, maxMessages: MAX_MESSAGES, tokenBudget: BUDGET });
      expect(refresh.summary).toMatchObject({ throughMessageId: through.id });
      expect(refresh.messages.length).toBeGreaterThan(0);
      expect(refresh.messages[0]!.sequence).toBe(through.sequence + 1);
      const newer = refresh.messages.at(-1)!;
      clock.advance(5_000);
      await service.saveSummary({ tenantId: TENANT, sessionId, throughMessageId: newer.id, content: `${saved.content}\n- 사용자: 6번째 긴 이야기입니다.` });

      const shown = await service.getSession({ tenantId: TENANT, sessionId });
      expect(shown.summary).toMatchObject({ throughMessageId: newer.id });
      expect(shown.summary!.updatedAt.getTime()).toBeGreaterThan(saved.updatedAt.getTime());
      const after = await chat(sessionId, LONG(7), "7번째 답변입니다.");
      expect(after.context.summary?.throughMessageId).toBe(newer.id);
      expect(after.context.tokenCount + after.context.summary!.contentTokens).toBeLessThanOrEqual(BUDGET);
    });

    it("uses a summary only on the branch it was made on, or on one that shares the messages it covers", async () => {
      const { sessionId, last } = await longConversation(5);
      const backlog = await service.getSummaryBacklog({ tenantId: TENANT, sessionId, windowStartMessageId: last.context.messages[0]!.id });
      const [, firstReply] = backlog.messages;
      const laterOnA = backlog.messages.at(-1)!;
      expect(laterOnA.sequence).toBeGreaterThan(firstReply!.sequence);
      await service.saveSummary({ tenantId: TENANT, sessionId, throughMessageId: laterOnA.id, content: "가지 A에서 만든 요약입니다." });

      // The second question edited: a branch under the first reply, then long enough to drop messages.
      let onB = await chat(sessionId, LONG(101), "다른 가지의 첫 답변입니다.", firstReply!.id);
      for (let index = 102; index <= 106; index += 1) {
        onB = await chat(sessionId, LONG(index), `${index}번째 답변입니다.`);
        expect(onB.context.summary).toBeNull();
      }
      expect(onB.context.uncoveredCount).toBeGreaterThan(0);
      expect((await service.getSession({ tenantId: TENANT, sessionId })).summary).toBeNull();

      // A summary through the messages both branches share serves this one.
      await service.saveSummary({ tenantId: TENANT, sessionId, throughMessageId: firstReply!.id, content: "- 사용자: 사번은 4821입니다." });
      const next = await chat(sessionId, LONG(107), "107번째 답변입니다.");
      expect(next.context.summary).toMatchObject({ throughMessageId: firstReply!.id });
      expect((await service.getSession({ tenantId: TENANT, sessionId })).summary).toMatchObject({ throughMessageId: firstReply!.id });
    });

    it("never uses a summary made through a message that is still in the window", async () => {
      const { sessionId, last } = await longConversation(5);
      const newest = last.userMessage;
      await service.saveSummary({ tenantId: TENANT, sessionId, throughMessageId: newest.id, content: "너무 앞서 간 요약입니다." });
      const next = await chat(sessionId, "짧은 질문입니다.", "짧은 답변입니다.");
      expect(next.context.messages.some((message) => message.id === newest.id)).toBe(true);
      expect(next.context.summary).toBeNull();
    });

    it("cuts a summary to SUMMARY_MAX_TOKENS and refuses an empty one, an unknown message or another tenant's session", async () => {
      const { sessionId, last } = await longConversation(1);
      const long = await service.saveSummary({ tenantId: TENANT, sessionId, throughMessageId: last.userMessage.id, content: "사번 4821 김민수. ".repeat(400) });
      expect(long.contentTokens).toBeLessThanOrEqual(SUMMARY_MAX_TOKENS);
      expect(countTextTokens(long.content)).toBe(long.contentTokens);
      await expect(service.saveSummary({ tenantId: TENANT, sessionId, throughMessageId: last.userMessage.id, content: "  " })).rejects.toMatchObject({
        kind: "invalid_argument",
      });
      await expect(service.saveSummary({ tenantId: TENANT, sessionId, throughMessageId: randomUUID(), content: "요약" })).rejects.toMatchObject({ kind: "not_found" });
      await expect(service.saveSummary({ tenantId: "다른-테넌트", sessionId, throughMessageId: last.userMessage.id, content: "요약" })).rejects.toMatchObject({
        kind: "not_found",
      });
    });

    it("deletes the summaries with their session", async () => {
      const { sessionId, last } = await longConversation(1);
      await service.saveSummary({ tenantId: TENANT, sessionId, throughMessageId: last.userMessage.id, content: "지워질 요약" });
      await service.deleteSession({ tenantId: TENANT, sessionId });
      const rows = await database.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${database.schema}.conversation_summaries WHERE session_id = $1`, [
        sessionId,
      ]);
      expect(Number(rows.rows[0]!.count)).toBe(0);
    });
  });
}
