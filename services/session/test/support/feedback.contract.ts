import { randomUUID } from "node:crypto";
import { FEEDBACK_COMMENT_MAX_CHARACTERS } from "@chatbot/core";
import type { SessionService } from "../../src/domain/session.service";
import type { OpenDatabase, TestDatabase } from "./databases";
import { FIXTURE_SESSION_TIMEOUT_MS, useServiceFixture, type ServiceFixture } from "./service-fixture";

const TENANT = "테넌트-평가";
const OTHER_TENANT = "테넌트-남";
const TIMEOUT_MS = FIXTURE_SESSION_TIMEOUT_MS;

/** 답변 평가(피드백): 어느 데이터베이스 위에서든 같은 동작. */
export function describeFeedbackContract(adapter: string, open: OpenDatabase): void {
  describe(`feedback on answers on ${adapter}`, () => {
    const fixture = useServiceFixture(open);
    let database: TestDatabase;
    let service: SessionService;
    let clock: ServiceFixture["clock"];
    beforeEach(() => ({ database, service, clock } = fixture));

    const feedbackRows = async (messageId: string) => {
      const result = await database.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${database.schema}.message_feedback WHERE message_id = $1`, [
        messageId,
      ]);
      return Number(result.rows[0]!.count);
    };

    /** 질문 하나와, 모델·제공자가 기록된 답변 하나로 이루어진 대화 한 턴. */
    async function answeredTurn(tenantId = TENANT, question = "환불 규정이 어떻게 되나요?", answer = "구매 후 7일 이내에 환불할 수 있습니다.") {
      const session = await service.createSession({ tenantId });
      const turn = await service.beginTurn({ tenantId, sessionId: session.id, content: question, assistantMessageId: randomUUID() });
      const reply = await service.finalizeMessage({
        tenantId,
        sessionId: session.id,
        messageId: turn.assistantMessage.id,
        status: "complete",
        content: answer,
        model: "gpt-4o-mini-2024-07-18",
        provider: "openai",
        finishReason: "stop",
      });
      return { sessionId: session.id, question: turn.userMessage, reply };
    }

    it("records the provider that generated a reply when it is finalized", async () => {
      const { sessionId, reply } = await answeredTurn();
      expect(reply.provider).toBe("openai");
      const listed = await service.listMessages({ tenantId: TENANT, sessionId });
      expect(listed.messages.map((message) => [message.role, message.provider, message.feedback])).toEqual([
        ["user", "", null],
        ["assistant", "openai", null],
      ]);
    });

    it("replaces a rating: up then down is stored once, as down, and shown with the message", async () => {
      const { sessionId, reply } = await answeredTurn();
      const first = await service.setFeedback({ tenantId: TENANT, messageId: reply.id, rating: "up" });
      expect(first.previousRating).toBeNull();
      expect(first.message.feedback).toMatchObject({ rating: "up", comment: "" });

      clock.advance(60_000);
      const second = await service.setFeedback({
        tenantId: TENANT,
        messageId: reply.id.toUpperCase(),
        rating: "down",
        comment: "날짜가 틀렸어요 😞\n다시 확인해 주세요.",
      });
      expect(second.previousRating).toBe("up");
      expect(second.message).toMatchObject({ id: reply.id, model: "gpt-4o-mini-2024-07-18", provider: "openai" });
      expect(await feedbackRows(reply.id)).toBe(1);

      const listed = await service.listMessages({ tenantId: TENANT, sessionId });
      expect(listed.messages[1]!.feedback).toEqual({ rating: "down", comment: "날짜가 틀렸어요 😞\n다시 확인해 주세요.", updatedAt: clock.now() });
      expect(listed.messages[0]!.feedback).toBeNull();
    });

    it("rates the same way twice without error, reporting the rating it replaced", async () => {
      const { reply } = await answeredTurn();
      await service.setFeedback({ tenantId: TENANT, messageId: reply.id, rating: "up" });
      await expect(service.setFeedback({ tenantId: TENANT, messageId: reply.id, rating: "up" })).resolves.toMatchObject({ previousRating: "up" });
      expect(await feedbackRows(reply.id)).toBe(1);
    });

    it("takes concurrent ratings of one message one after another: each replaces exactly one", async () => {
      const { reply } = await answeredTurn();
      const ratings = Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? "up" : "down"));
      const results = await Promise.all(ratings.map((rating) => service.setFeedback({ tenantId: TENANT, messageId: reply.id, rating })));
      // 정확히 한 번만 "평가 없음"을 대체한다: 동시에 와도 각자 직전 평가를 본다.
      expect(results.filter((result) => result.previousRating === null)).toHaveLength(1);
      expect(await feedbackRows(reply.id)).toBe(1);
    });

    it("refuses a user message (invalid argument) and a reply still being generated (conflict)", async () => {
      const { question } = await answeredTurn();
      await expect(service.setFeedback({ tenantId: TENANT, messageId: question.id, rating: "up" })).rejects.toMatchObject({
        kind: "invalid_argument",
        code: "message_not_rateable",
      });
      const session = await service.createSession({ tenantId: TENANT });
      const turn = await service.beginTurn({ tenantId: TENANT, sessionId: session.id, content: "아직 답변 중?", assistantMessageId: randomUUID() });
      await expect(service.setFeedback({ tenantId: TENANT, messageId: turn.assistantMessage.id, rating: "down" })).rejects.toMatchObject({
        kind: "conflict",
        code: "message_streaming",
      });
      expect(await feedbackRows(question.id)).toBe(0);
    });

    it("answers not found for an unknown id, another tenant's message and one of an expired session", async () => {
      const { reply } = await answeredTurn();
      for (const attempt of [
        service.setFeedback({ tenantId: TENANT, messageId: randomUUID(), rating: "up" }),
        service.setFeedback({ tenantId: TENANT, messageId: "메시지-아님", rating: "up" }),
        service.setFeedback({ tenantId: OTHER_TENANT, messageId: reply.id, rating: "down" }),
        service.clearFeedback({ tenantId: OTHER_TENANT, messageId: reply.id }),
        service.clearFeedback({ tenantId: TENANT, messageId: randomUUID() }),
      ]) {
        await expect(attempt).rejects.toMatchObject({ kind: "not_found", code: "message_not_found" });
      }
      expect(await feedbackRows(reply.id)).toBe(0);

      await service.setFeedback({ tenantId: TENANT, messageId: reply.id, rating: "up" });
      clock.advance(TIMEOUT_MS);
      await expect(service.setFeedback({ tenantId: TENANT, messageId: reply.id, rating: "down" })).rejects.toMatchObject({ kind: "not_found" });
      expect((await service.listFeedback({ tenantId: TENANT })).items.map((item) => item.answer.id)).not.toContain(reply.id);
    });

    it("refuses a rating other than up or down, a comment over the limit or one Postgres cannot store, naming the field", async () => {
      const { reply } = await answeredTurn();
      const attempts: [Parameters<SessionService["setFeedback"]>[0], string][] = [
        [{ tenantId: TENANT, messageId: reply.id, rating: "좋아요" }, "rating"],
        [{ tenantId: TENANT, messageId: reply.id, rating: "" }, "rating"],
        [{ tenantId: TENANT, messageId: reply.id, rating: "up", comment: "가".repeat(FEEDBACK_COMMENT_MAX_CHARACTERS + 1) }, "comment"],
        [{ tenantId: TENANT, messageId: reply.id, rating: "up", comment: "널\u0000문자" }, "comment"],
        [{ tenantId: TENANT, messageId: reply.id, rating: "up", comment: "짝 없는 \ud800" }, "comment"],
      ];
      for (const [input, field] of attempts) {
        await expect(service.setFeedback(input)).rejects.toMatchObject({ kind: "invalid_argument", details: [{ field }] });
      }
      expect(await feedbackRows(reply.id)).toBe(0);
      const longest = "가".repeat(FEEDBACK_COMMENT_MAX_CHARACTERS);
      await expect(service.setFeedback({ tenantId: TENANT, messageId: reply.id, rating: "up", comment: longest })).resolves.toMatchObject({
        message: { feedback: { comment: longest } },
      });
    });

    it("clears a rating, and clearing again is no error", async () => {
      const { sessionId, reply } = await answeredTurn();
      await service.setFeedback({ tenantId: TENANT, messageId: reply.id, rating: "down", comment: "별로" });
      await expect(service.clearFeedback({ tenantId: TENANT, messageId: reply.id })).resolves.toBe("down");
      await expect(service.clearFeedback({ tenantId: TENANT, messageId: reply.id })).resolves.toBeNull();
      expect((await service.listMessages({ tenantId: TENANT, sessionId })).messages[1]!.feedback).toBeNull();
      expect(await feedbackRows(reply.id)).toBe(0);
    });

    it("lists the tenant's ratings most recently rated first, page by page, with the question each answered", async () => {
      const tenantId = `목록-${randomUUID()}`;
      const rated: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        const { reply } = await answeredTurn(tenantId, `질문 ${index}번`, `답변 ${index}번`);
        clock.advance(1000);
        await service.setFeedback({ tenantId, messageId: reply.id, rating: index % 2 === 0 ? "up" : "down", comment: `의견 ${index}` });
        rated.push(reply.id);
      }
      // 다른 테넌트의 평가는 보이지 않는다.
      const foreign = await answeredTurn(OTHER_TENANT);
      await service.setFeedback({ tenantId: OTHER_TENANT, messageId: foreign.reply.id, rating: "up" });

      const seen: string[] = [];
      let cursor = "";
      let pages = 0;
      do {
        const page = await service.listFeedback({ tenantId, limit: 2, cursor });
        seen.push(...page.items.map((item) => item.answer.id));
        for (const item of page.items) {
          const index = rated.indexOf(item.answer.id);
          expect(item.answer.content).toBe(`답변 ${index}번`);
          expect(item.answer.feedback.comment).toBe(`의견 ${index}`);
          expect(item.question?.content).toBe(`질문 ${index}번`);
          expect(item.answer).toMatchObject({ model: "gpt-4o-mini-2024-07-18", provider: "openai" });
        }
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== "");
      expect(pages).toBe(3);
      expect(seen).toEqual([...rated].reverse());

      const downs = await service.listFeedback({ tenantId, rating: "down" });
      expect(downs.items.map((item) => item.answer.id)).toEqual([rated[3], rated[1]]);
      expect(downs.nextCursor).toBe("");
    });

    it("takes the answer's parent as its question when it is a user message, and none otherwise", async () => {
      const session = await service.createSession({ tenantId: TENANT });
      const say = (role: string, content: string) => service.appendMessage({ tenantId: TENANT, sessionId: session.id, role, content });
      // 각 메시지는 바로 앞 메시지(활성 가지의 끝)를 부모로 갖는다.
      const greeting = await say("assistant", "안녕하세요! 무엇을 도와드릴까요?");
      await say("user", "배송은 얼마나 걸리나요?");
      const answer = await say("assistant", "보통 2~3일 걸립니다.");
      await say("system", "상담원 메모");
      const afterNote = await say("assistant", "메모를 확인했습니다.");
      for (const message of [greeting, answer, afterNote]) {
        clock.advance(1000);
        await service.setFeedback({ tenantId: TENANT, messageId: message.id, rating: "up" });
      }
      const items = (await service.listFeedback({ tenantId: TENANT, limit: 200 })).items.filter((item) => item.answer.sessionId === session.id);
      expect(items.map((item) => [item.answer.content, item.question?.content ?? null])).toEqual([
        ["메모를 확인했습니다.", null],
        ["보통 2~3일 걸립니다.", "배송은 얼마나 걸리나요?"],
        ["안녕하세요! 무엇을 도와드릴까요?", null],
      ]);
    });

    it("refuses a cursor it did not hand out and a rating filter other than up or down", async () => {
      for (const [input, field] of [
        [{ tenantId: TENANT, cursor: "아무거나" }, "cursor"],
        [{ tenantId: TENANT, cursor: Buffer.from("2030-01-01T00:00:00.000Z|not-a-uuid").toString("base64url") }, "cursor"],
        [{ tenantId: TENANT, rating: "meh" }, "rating"],
        [{ tenantId: TENANT, limit: 201 }, "limit"],
      ] as const) {
        await expect(service.listFeedback(input)).rejects.toMatchObject({ kind: "invalid_argument", details: [{ field }] });
      }
    });

    it("lets a rating go with its session", async () => {
      const { sessionId, reply } = await answeredTurn();
      await service.setFeedback({ tenantId: TENANT, messageId: reply.id, rating: "up" });
      await service.deleteSession({ tenantId: TENANT, sessionId });
      expect(await feedbackRows(reply.id)).toBe(0);
    });
  });
}
