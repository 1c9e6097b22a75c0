import { randomUUID } from "node:crypto";
import type { SessionSearchHit } from "../../src/domain/session-search";
import type { SessionService } from "../../src/domain/session.service";
import { createSqlSessionStore } from "../../src/storage/sql-session.store";
import type { OpenDatabase, TestDatabase } from "./databases";
import { FIXTURE_SESSION_TIMEOUT_MS, useServiceFixture, type ServiceFixture } from "./service-fixture";

const TIMEOUT_MS = FIXTURE_SESSION_TIMEOUT_MS;

/** The highlighted parts of a hit's snippet, as a frontend would mark them. */
const marked = (hit: SessionSearchHit) => hit.highlights.map(({ start, end }) => hit.snippet.slice(start, end));

/** Search of conversations by words, whichever database is underneath. */
export function describeSessionSearchContract(adapter: string, open: OpenDatabase): void {
  describe(`session search on ${adapter}`, () => {
    const fixture = useServiceFixture(open);
    let database: TestDatabase;
    let service: SessionService;
    let clock: ServiceFixture["clock"];
    beforeEach(() => ({ database, service, clock } = fixture));

    /** A tenant of its own per test: the schema is shared across tests. */
    const freshTenant = () => `tenant-검색-${randomUUID()}`;
    const ids = (hits: SessionSearchHit[]) => hits.map((hit) => hit.session.id);

    /** A session with a question and a finished answer, as a chat turn leaves it. */
    async function conversation(tenantId: string, question: string, answer: string, owner: { userId?: string; title?: string } = {}) {
      const session = await service.createSession({ tenantId, ...owner });
      const turn = await service.beginTurn({ tenantId, sessionId: session.id, content: question, assistantMessageId: randomUUID() });
      const reply = await service.finalizeMessage({ tenantId, sessionId: session.id, messageId: turn.assistantMessage.id, status: "complete", content: answer });
      return { session, question: turn.userMessage, reply };
    }

    it("finds a session by a Korean word in an answer, whatever particle follows it, and highlights the word in the snippet", async () => {
      const tenantId = freshTenant();
      const hit = await conversation(tenantId, "주말 여행지 추천해 줘", "부산에서는 해운대 해수욕장과 광안리를 많이 찾습니다. 저녁에는 광안대교 야경이 유명합니다.");
      await conversation(tenantId, "점심 메뉴 추천", "김치찌개나 비빔밥은 어떨까요?");

      const found = await service.searchSessions({ tenantId, query: "해운대" });
      expect(ids(found)).toEqual([hit.session.id]);
      expect(found[0]!.messageId).toBe(hit.reply.id);
      expect(found[0]!.snippet).toContain("해운대 해수욕장");
      expect(marked(found[0]!)).toEqual(["해운대"]);
      expect(found[0]!.score).toBeGreaterThan(0);

      // The stem is found under another particle ("부산에서는" for "부산").
      const stem = await service.searchSessions({ tenantId, query: "부산" });
      expect(ids(stem)).toEqual([hit.session.id]);
      expect(marked(stem[0]!)).toEqual(["부산"]);
    });

    it("finds a session by a word of its title and answers the title as the snippet, without a message id", async () => {
      const tenantId = freshTenant();
      const titled = await service.createSession({ tenantId, title: "연말정산 서류 준비" });
      await service.appendMessage({ tenantId, sessionId: titled.id, role: "user", content: "무엇부터 하면 될까요?" });
      await conversation(tenantId, "날씨 어때?", "맑습니다.");

      const found = await service.searchSessions({ tenantId, query: "연말정산" });
      expect(ids(found)).toEqual([titled.id]);
      expect(found[0]).toMatchObject({ messageId: null, snippet: "연말정산 서류 준비" });
      expect(marked(found[0]!)).toEqual(["연말정산"]);

      // A new title replaces the old one's words.
      await service.setTitle({ tenantId, sessionId: titled.id, title: "퇴직금 계산" });
      expect(await service.searchSessions({ tenantId, query: "연말정산" })).toEqual([]);
      expect(ids(await service.searchSessions({ tenantId, query: "퇴직금" }))).toEqual([titled.id]);
    });

    it("finds a session by the title its first question gave it", async () => {
      const tenantId = freshTenant();
      const { session } = await conversation(tenantId, "전세 계약 갱신 방법", "계약 만료 전에 알려야 합니다.");
      const found = await service.searchSessions({ tenantId, query: "전세" });
      expect(ids(found)).toEqual([session.id]);
      expect(marked(found[0]!)).toEqual(["전세"]);
    });

    it("ranks the session that holds more of the query, and more of its rare words, first; ties newest activity first", async () => {
      const tenantId = freshTenant();
      const both = await conversation(tenantId, "제주도 렌터카 예약", "제주도 공항에서 렌터카를 받을 수 있습니다.");
      clock.advance(1000);
      const one = await conversation(tenantId, "제주도 날씨", "제주도는 바람이 많이 붑니다.");
      const found = await service.searchSessions({ tenantId, query: "제주도 렌터카" });
      expect(ids(found)).toEqual([both.session.id, one.session.id]);
      expect(found[0]!.score).toBeGreaterThan(found[1]!.score);

      const same = freshTenant();
      const older = await service.createSession({ tenantId: same, title: "회의록" });
      clock.advance(1000);
      const newer = await service.createSession({ tenantId: same, title: "회의록" });
      expect(ids(await service.searchSessions({ tenantId: same, query: "회의록" }))).toEqual([newer.id, older.id]);
    });

    it("keeps to the tenant, and to one user's sessions when a user id is given", async () => {
      const tenantId = freshTenant();
      const other = freshTenant();
      const mine = await conversation(tenantId, "환불 규정 알려줘", "구매 후 7일 이내 환불됩니다.", { userId: "사용자-1" });
      const theirs = await conversation(tenantId, "환불 언제 돼요?", "영업일 기준 3일입니다.", { userId: "사용자-2" });
      await conversation(other, "환불 문의", "다른 테넌트의 환불 답변", { userId: "사용자-1" });

      expect(ids(await service.searchSessions({ tenantId, query: "환불" })).sort()).toEqual([mine.session.id, theirs.session.id].sort());
      expect(ids(await service.searchSessions({ tenantId, query: "환불", userId: "사용자-1" }))).toEqual([mine.session.id]);
      expect(await service.searchSessions({ tenantId: freshTenant(), query: "환불" })).toEqual([]);
    });

    it("leaves out deleted and expired sessions, and their postings go with them", async () => {
      const tenantId = freshTenant();
      const deleted = await conversation(tenantId, "비밀번호 변경", "설정 메뉴에서 비밀번호를 바꿀 수 있습니다.");
      await service.deleteSession({ tenantId, sessionId: deleted.session.id });
      const expired = await conversation(tenantId, "비밀번호 분실", "이메일로 재설정 링크를 보냅니다.");
      clock.advance(TIMEOUT_MS - 1000);
      const live = await conversation(tenantId, "비밀번호 규칙", "8자 이상이어야 합니다.");
      clock.advance(2000);

      expect(ids(await service.searchSessions({ tenantId, query: "비밀번호" }))).toEqual([live.session.id]);
      const postings = async (sessionId: string) =>
        Number(
          (await database.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${database.schema}.session_terms WHERE session_id = $1`, [sessionId])).rows[0]!
            .count,
        );
      expect(await postings(deleted.session.id)).toBe(0);
      expect(await postings(expired.session.id)).toBeGreaterThan(0);
      await createSqlSessionStore(database.sql, database.schema).deleteExpiredSessions(clock.now(), 1000);
      expect(await postings(expired.session.id)).toBe(0);
      expect(await postings(live.session.id)).toBeGreaterThan(0);
    });

    it("searches only finished text: not a reply still streaming, nor a failed one", async () => {
      const tenantId = freshTenant();
      const session = await service.createSession({ tenantId, title: "질문" });
      const streaming = await service.appendMessage({ tenantId, sessionId: session.id, role: "assistant", status: "streaming", content: "" });
      const failing = await service.appendMessage({ tenantId, sessionId: session.id, role: "assistant", status: "streaming", content: "" });
      await service.finalizeMessage({ tenantId, sessionId: session.id, messageId: failing.id, status: "failed", content: "반쯤 쓴 무지개 답변" });
      expect(await service.searchSessions({ tenantId, query: "무지개" })).toEqual([]);

      await service.finalizeMessage({ tenantId, sessionId: session.id, messageId: streaming.id, status: "interrupted", content: "끊긴 무지개 이야기" });
      const found = await service.searchSessions({ tenantId, query: "무지개" });
      expect(found.map((hit) => hit.messageId)).toEqual([streaming.id]);
      expect(marked(found[0]!)).toEqual(["무지개"]);
    });

    it("cuts a long message to a snippet around the first match, with the offsets of the word inside it", async () => {
      const tenantId = freshTenant();
      const filler = "가나다라마바사 아자차카타파하 ".repeat(20);
      const answer = `${filler}여기서 핵심은 😀 GPT 모델의 토큰 한도입니다. ${filler}`;
      const { reply } = await conversation(tenantId, "질문", answer);
      const [hit] = await service.searchSessions({ tenantId, query: "토큰 gpt" });
      expect(hit!.messageId).toBe(reply.id);
      expect(hit!.snippet.length).toBeLessThanOrEqual(160);
      expect(hit!.snippet.length).toBeGreaterThanOrEqual(100);
      expect(answer).toContain(hit!.snippet);
      expect(marked(hit!)).toEqual(["GPT", "토큰"]);
    });

    it("answers an empty list for a query without letters or digits, and refuses an empty or too long query and a bad limit", async () => {
      const tenantId = freshTenant();
      await conversation(tenantId, "아무 질문", "아무 답변");
      expect(await service.searchSessions({ tenantId, query: "?! …" })).toEqual([]);
      await expect(service.searchSessions({ tenantId, query: "" })).rejects.toMatchObject({ kind: "invalid_argument", details: [{ field: "query" }] });
      await expect(service.searchSessions({ tenantId, query: "가".repeat(201) })).rejects.toMatchObject({ kind: "invalid_argument", details: [{ field: "query" }] });
      for (const limit of [0, 51, 1.5]) {
        await expect(service.searchSessions({ tenantId, query: "답변", limit })).rejects.toMatchObject({ kind: "invalid_argument", details: [{ field: "limit" }] });
      }
      await expect(service.searchSessions({ tenantId, query: "답변", userId: "" })).rejects.toMatchObject({ kind: "invalid_argument", details: [{ field: "user_id" }] });
    });

    it("returns at most limit sessions", async () => {
      const tenantId = freshTenant();
      for (let i = 0; i < 4; i++) await conversation(tenantId, `서울 맛집 ${i}`, "을지로 노포를 추천합니다.");
      expect(await service.searchSessions({ tenantId, query: "을지로", limit: 3 })).toHaveLength(3);
    });
  });
}
