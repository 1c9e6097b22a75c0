import { randomUUID } from "node:crypto";
import { AppError } from "@chatbot/core";
import { createExpirySweeper } from "../../src/domain/expiry-sweeper";
import { createSessionService, type SessionService } from "../../src/domain/session.service";
import type { SessionStore } from "../../src/domain/session.store";
import { countTextTokens } from "@chatbot/tokens";
import { countContentTokens } from "../../src/domain/token-counter";
import { createSqlSessionStore } from "../../src/storage/sql-session.store";
import { createSqlSummaryStore } from "../../src/storage/sql-summary.store";
import { testLogger } from "@chatbot/testkit";
import { HOUR_MS, createTestClock, type OpenDatabase, type TestDatabase } from "./databases";

const TENANT = "tenant-가";
const OTHER_TENANT = "tenant-나";
const TIMEOUT_MS = 24 * HOUR_MS;

/** Text that breaks naive encoders: Hangul (precomposed and jamo), emoji with ZWJ and skin tone, CRLF, edge spaces. */
const TRICKY_TEXT = " 안녕하세요, 세계! 한국어 ᄒᆞᆫ글 👩‍👩‍👧‍👦 👍🏽 🇰🇷 e\u0301\r\n\ttabs and trailing space ";

/** The same behaviour, whichever database is underneath. */
export function describeSessionServiceContract(adapter: string, open: OpenDatabase): void {
  describe(`session service on ${adapter}`, () => {
    let database: TestDatabase;
    let store: SessionStore;
    let clock: ReturnType<typeof createTestClock>;
    let service: SessionService;

    beforeAll(async () => {
      database = await open();
      store = createSqlSessionStore(database.sql, database.schema);
    });

    afterAll(async () => {
      await database?.close();
    });

    beforeEach(() => {
      clock = createTestClock();
      service = createSessionService({
        store,
        timeoutMs: TIMEOUT_MS,
        now: clock.now,
        countTokens: countContentTokens,
        summaries: createSqlSummaryStore(database.sql, database.schema),
      });
    });

    const newSession = (metadata?: unknown) => service.createSession({ tenantId: TENANT, metadata });
    const say = (sessionId: string, content: string, extra: Partial<Parameters<SessionService["appendMessage"]>[0]> = {}) =>
      service.appendMessage({ tenantId: TENANT, sessionId, role: "user", content, ...extra });
    const countRows = async (table: "sessions" | "messages", column: string, id: string) => {
      const result = await database.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${database.schema}.${table} WHERE ${column} = $1`, [id]);
      return Number(result.rows[0]!.count);
    };

    describe("sessions", () => {
      it("creates a session that lives SESSION_TIMEOUT_HOURS and reads back with its metadata", async () => {
        const metadata = { 제목: "첫 대화 🎉", nested: { list: [1, "둘", null], flag: true } };
        const created = await newSession(metadata);
        expect(created.tenantId).toBe(TENANT);
        expect(created.expiresAt.getTime() - created.lastAccessed.getTime()).toBe(TIMEOUT_MS);

        clock.advance(60_000);
        const read = await service.getSession({ tenantId: TENANT, sessionId: created.id });
        expect(read).toMatchObject({ id: created.id, metadata, messageCount: 0 });
        expect(read.createdAt.toISOString()).toBe(created.createdAt.toISOString());
        expect(read.lastAccessed.toISOString()).toBe(clock.now().toISOString());
      });

      it("defaults metadata to an empty object", async () => {
        const created = await newSession();
        expect((await service.getSession({ tenantId: TENANT, sessionId: created.id })).metadata).toEqual({});
      });

      it("counts listed messages, not reserved streaming ones", async () => {
        const { id } = await newSession();
        await say(id, "하나");
        await say(id, "둘", { role: "assistant" });
        await say(id, "", { role: "assistant", status: "streaming" });
        expect((await service.getSession({ tenantId: TENANT, sessionId: id })).messageCount).toBe(2);
      });

      it("deletes a session with all its messages; afterwards it is not found", async () => {
        const { id } = await newSession();
        await say(id, "지워질 메시지");
        await say(id, "이것도 🗑️");
        expect(await countRows("messages", "session_id", id)).toBe(2);

        await service.deleteSession({ tenantId: TENANT, sessionId: id });

        expect(await countRows("messages", "session_id", id)).toBe(0);
        await expect(service.getSession({ tenantId: TENANT, sessionId: id })).rejects.toMatchObject({
          kind: "not_found",
          code: "session_not_found",
        });
        await expect(service.deleteSession({ tenantId: TENANT, sessionId: id })).rejects.toMatchObject({ kind: "not_found" });
      });

      it.each([
        ["an array", [1, 2]],
        ["a string", "문자열"],
        ["null", null],
        ["a number", 42],
        ["over 16 KiB", { text: "가".repeat(5500) }],
        ["a NUL character", { bad: "a\u0000b" }],
      ])("rejects metadata that is %s, naming the field", async (_label, metadata) => {
        const error = await newSession(metadata).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ kind: "invalid_argument", details: [{ field: "metadata" }] });
      });

      it("accepts metadata just under 16 KiB", async () => {
        const metadata = { text: "a".repeat(16 * 1024 - 20) };
        await expect(newSession(metadata)).resolves.toMatchObject({ metadata });
      });

      it("requires a tenant", async () => {
        await expect(service.createSession({ tenantId: "" })).rejects.toMatchObject({
          kind: "invalid_argument",
          details: [{ field: "tenant_id" }],
        });
      });
    });

    describe("ids that cannot exist", () => {
      it.each(["not-a-uuid", "", "12345", "'; DROP TABLE sessions; --", "세션"])("answers not found for session id %j", async (bad) => {
        const ref = { tenantId: TENANT, sessionId: bad };
        for (const attempt of [
          service.getSession(ref),
          service.deleteSession(ref),
          service.listMessages(ref),
          service.getContext(ref),
          service.appendMessage({ ...ref, role: "user", content: "안녕" }),
          service.finalizeMessage({ ...ref, messageId: randomUUID(), status: "complete", content: "끝" }),
        ]) {
          await expect(attempt).rejects.toMatchObject({ kind: "not_found" });
        }
      });

      it("answers not found for an unknown UUID", async () => {
        await expect(service.getSession({ tenantId: TENANT, sessionId: randomUUID() })).rejects.toMatchObject({
          kind: "not_found",
        });
      });
    });

    describe("tenant isolation", () => {
      it("hides a session from other tenants exactly like an unknown one, and leaves it intact", async () => {
        const { id } = await newSession({ owner: "가" });
        await say(id, "비밀 메시지 🤫");
        const foreign = { tenantId: OTHER_TENANT, sessionId: id };
        const unknown = { tenantId: OTHER_TENANT, sessionId: randomUUID() };
        for (const ref of [foreign, unknown]) {
          for (const attempt of [
            service.getSession(ref),
            service.listMessages(ref),
            service.getContext(ref),
            service.appendMessage({ ...ref, role: "user", content: "침입" }),
            service.deleteSession(ref),
          ]) {
            await expect(attempt).rejects.toMatchObject({ kind: "not_found", code: "session_not_found" });
          }
        }
        const page = await service.listMessages({ tenantId: TENANT, sessionId: id });
        expect(page.messages.map((message) => message.content)).toEqual(["비밀 메시지 🤫"]);
      });
    });

    describe("messages", () => {
      it("stores content byte for byte", async () => {
        const { id } = await newSession();
        const appended = await say(id, TRICKY_TEXT);
        expect(Buffer.from(appended.content, "utf8").equals(Buffer.from(TRICKY_TEXT, "utf8"))).toBe(true);

        const [listed] = (await service.listMessages({ tenantId: TENANT, sessionId: id })).messages;
        expect(Buffer.from(listed!.content, "utf8").equals(Buffer.from(TRICKY_TEXT, "utf8"))).toBe(true);
        const octets = await database.sql.query<{ bytes: number }>(`SELECT octet_length(content) AS bytes FROM ${database.schema}.messages WHERE id = $1`, [appended.id]);
        expect(Number(octets.rows[0]!.bytes)).toBe(Buffer.byteLength(TRICKY_TEXT, "utf8"));
      });

      it("stores and counts a message that quotes the tokenizer's special tokens as text", async () => {
        const { id } = await newSession();
        const content = "모델 출력 끝에 <|endoftext|> 가 보여요. <|im_start|>system<|im_sep|>";
        const appended = await say(id, content);
        expect(appended.content).toBe(content);
        const context = await service.getContext({ tenantId: TENANT, sessionId: id });
        expect(context.tokenCount).toBe(countTextTokens(content));
        expect(context.tokenCount).toBeGreaterThan(10);
      });

      it("keeps role, usage, model, sources and finish reason", async () => {
        const { id } = await newSession();
        const sources = [{ documentId: "doc-1", title: "설명서 📘", page: 3, chunkIndex: 7, snippet: "발췌문", score: 0.87 }];
        const tokenUsage = { promptTokens: 12, completionTokens: 34, totalTokens: 46 };
        await say(id, "답변입니다 ✅", { role: "assistant", model: "local-1", tokenUsage, sources, finishReason: "length" });
        const [message] = (await service.listMessages({ tenantId: TENANT, sessionId: id })).messages;
        expect(message).toMatchObject({
          role: "assistant",
          status: "complete",
          model: "local-1",
          tokenUsage,
          sources,
          finishReason: "length",
          errorCode: "",
          sequence: 1,
        });
      });

      it.each([
        [{ role: "robot" }, "role"],
        [{ status: "pending" }, "status"],
        [{ content: "nul\u0000byte" }, "content"],
        [{ messageId: "not-a-uuid" }, "message_id"],
        [{ finishReason: "tired" }, "finish_reason"],
        [{ tokenUsage: { promptTokens: -1, completionTokens: 0, totalTokens: 0 } }, "token_usage"],
      ])("rejects %j naming %s", async (extra, field) => {
        const { id } = await newSession();
        await expect(say(id, "안녕", extra)).rejects.toMatchObject({ kind: "invalid_argument", details: [{ field }] });
      });

      it("refuses a message id that is already used", async () => {
        const { id } = await newSession();
        const messageId = randomUUID();
        await say(id, "처음", { messageId });
        await expect(say(id, "두 번째", { messageId })).rejects.toMatchObject({ kind: "conflict", code: "message_exists" });
        expect((await service.getSession({ tenantId: TENANT, sessionId: id })).messageCount).toBe(1);
      });
    });

    describe("listing", () => {
      it("pages backwards with a cursor, each page oldest first, has_more until the start", async () => {
        const { id } = await newSession();
        const contents = Array.from({ length: 7 }, (_, index) => `메시지 ${index + 1} 💬`);
        for (const content of contents) await say(id, content);

        const first = await service.listMessages({ tenantId: TENANT, sessionId: id, limit: 3 });
        expect(first.messages.map((message) => message.content)).toEqual(contents.slice(4, 7));
        expect(first.hasMore).toBe(true);

        const second = await service.listMessages({ tenantId: TENANT, sessionId: id, limit: 3, before: first.messages[0]!.id });
        expect(second.messages.map((message) => message.content)).toEqual(contents.slice(1, 4));
        expect(second.hasMore).toBe(true);

        const last = await service.listMessages({ tenantId: TENANT, sessionId: id, limit: 3, before: second.messages[0]!.id });
        expect(last.messages.map((message) => message.content)).toEqual(contents.slice(0, 1));
        expect(last.hasMore).toBe(false);
      });

      it("returns 50 by default and says when there are more", async () => {
        const { id } = await newSession();
        for (let index = 1; index <= 51; index += 1) await say(id, `번호 ${index}`);
        const page = await service.listMessages({ tenantId: TENANT, sessionId: id });
        expect(page.messages).toHaveLength(50);
        expect(page.messages[0]!.content).toBe("번호 2");
        expect(page.hasMore).toBe(true);
      });

      it.each([0, -1, 201, 2.5])("rejects limit %p naming the field", async (limit) => {
        const { id } = await newSession();
        await expect(service.listMessages({ tenantId: TENANT, sessionId: id, limit })).rejects.toMatchObject({
          kind: "invalid_argument",
          details: [{ field: "limit" }],
        });
      });

      it("answers not found for a cursor that is not a message of this session", async () => {
        const { id } = await newSession();
        const other = await newSession();
        const foreign = await say(other.id, "다른 세션");
        for (const before of ["not-a-uuid", randomUUID(), foreign.id]) {
          await expect(service.listMessages({ tenantId: TENANT, sessionId: id, before })).rejects.toMatchObject({
            kind: "not_found",
          });
        }
      });
    });

    describe("owners, titles and the session listing", () => {
      /** A tenant of its own per test: the schema is shared across tests. */
      const freshTenant = () => `tenant-목록-${randomUUID()}`;
      const createFor = (tenantId: string, extra: { userId?: string; title?: string } = {}) => service.createSession({ tenantId, ...extra });
      const listAll = async (input: { tenantId: string; userId?: string; limit: number }) => {
        const ids: string[] = [];
        let cursor = "";
        for (let pages = 0; pages < 20; pages++) {
          const page = await service.listSessions({ ...input, cursor });
          expect(page.sessions.length).toBeLessThanOrEqual(input.limit);
          ids.push(...page.sessions.map((session) => session.id));
          if (page.nextCursor === "") return ids;
          cursor = page.nextCursor;
        }
        throw new Error("the listing did not end");
      };

      it("stores the owner and title given at creation; without them both are null", async () => {
        const tenantId = freshTenant();
        const owned = await createFor(tenantId, { userId: "사용자-1", title: "예약 변경 문의" });
        expect(owned).toMatchObject({ userId: "사용자-1", title: "예약 변경 문의" });
        const [listed] = (await service.listSessions({ tenantId })).sessions;
        expect(listed).toMatchObject({ id: owned.id, userId: "사용자-1", title: "예약 변경 문의" });
        const bare = await createFor(tenantId);
        expect(bare).toMatchObject({ userId: null, title: null });
      });

      it("refuses an empty, too long or space-edged user id and an empty or too long title", async () => {
        const tenantId = freshTenant();
        for (const userId of ["", "가".repeat(129), " 사용자"]) {
          await expect(createFor(tenantId, { userId })).rejects.toMatchObject({ code: "validation_failed" });
        }
        await expect(createFor(tenantId, { userId: "가".repeat(128) })).resolves.toMatchObject({ userId: "가".repeat(128) });
        for (const title of ["", "   ", "가".repeat(201)]) {
          await expect(createFor(tenantId, { title })).rejects.toMatchObject({ code: "validation_failed" });
        }
      });

      it("titles a session after its first user message: Korean, whitespace collapsed, cut at a character boundary", async () => {
        const { id } = await newSession();
        await say(id, "시스템 안내", { role: "system" });
        expect((await service.getSession({ tenantId: TENANT, sessionId: id })).title).toBeNull();
        const long = `  안녕하세요,\n\n  예약을\t변경하고   싶어요. ${"가나다라마바사 ".repeat(20)}👩‍👩‍👧‍👦 끝`;
        await say(id, long);
        const title = (await service.getSession({ tenantId: TENANT, sessionId: id })).title!;
        expect(title.startsWith("안녕하세요, 예약을 변경하고 싶어요. 가나다라마바사")).toBe(true);
        expect([...title].length).toBeLessThanOrEqual(80);
        expect(title).not.toMatch(/\s{2}|^\s|\s$/);
        expect(title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
        // Later messages leave it alone.
        await say(id, "두 번째 질문");
        expect((await service.getSession({ tenantId: TENANT, sessionId: id })).title).toBe(title);
      });

      it("never splits an emoji or a surrogate pair at the cut", async () => {
        const { id } = await newSession();
        await say(id, `${"가".repeat(79)}👩‍👩‍👧‍👦😀`);
        expect((await service.getSession({ tenantId: TENANT, sessionId: id })).title).toBe("가".repeat(79));
        const other = await newSession();
        await say(other.id, `${"가".repeat(78)}😀😀`);
        expect((await service.getSession({ tenantId: TENANT, sessionId: other.id })).title).toBe(`${"가".repeat(78)}😀😀`);
      });

      it("titles a session begun by a chat turn, and keeps a given title", async () => {
        const first = await service.beginTurn({ tenantId: TENANT, content: "  환불   규정이 궁금합니다 ", assistantMessageId: randomUUID() });
        expect((await service.getSession({ tenantId: TENANT, sessionId: first.sessionId })).title).toBe("환불 규정이 궁금합니다");
        const titled = await service.createSession({ tenantId: TENANT, title: "정한 제목" });
        await service.beginTurn({ tenantId: TENANT, sessionId: titled.id, content: "다른 질문", assistantMessageId: randomUUID() });
        expect((await service.getSession({ tenantId: TENANT, sessionId: titled.id })).title).toBe("정한 제목");
        const untitled = await newSession();
        await service.beginTurn({ tenantId: TENANT, sessionId: untitled.id, content: "배송은 언제 오나요?", assistantMessageId: randomUUID() });
        expect((await service.getSession({ tenantId: TENANT, sessionId: untitled.id })).title).toBe("배송은 언제 오나요?");
      });

      it("sets a title; another tenant's or an unknown session is not found", async () => {
        const { id } = await newSession();
        await say(id, "자동 제목");
        await expect(service.setTitle({ tenantId: TENANT, sessionId: id, title: "바꾼 제목 ✏️" })).resolves.toMatchObject({ id, title: "바꾼 제목 ✏️" });
        expect((await service.getSession({ tenantId: TENANT, sessionId: id })).title).toBe("바꾼 제목 ✏️");
        await expect(service.setTitle({ tenantId: OTHER_TENANT, sessionId: id, title: "남의 것" })).rejects.toMatchObject({ code: "session_not_found" });
        await expect(service.setTitle({ tenantId: TENANT, sessionId: randomUUID(), title: "없음" })).rejects.toMatchObject({ code: "session_not_found" });
        await expect(service.setTitle({ tenantId: TENANT, sessionId: id, title: "가".repeat(201) })).rejects.toMatchObject({ code: "validation_failed" });
        expect((await service.getSession({ tenantId: TENANT, sessionId: id })).title).toBe("바꾼 제목 ✏️");
      });

      it("lists newest activity first over several pages, stable when times are equal", async () => {
        const tenantId = freshTenant();
        // Seven sessions created at one instant: order falls back to id, descending.
        const sameTime = await Promise.all(Array.from({ length: 7 }, () => createFor(tenantId)));
        clock.advance(1000);
        const later = await createFor(tenantId);
        clock.advance(1000);
        // A message makes the oldest session the most recently active.
        await service.appendMessage({ tenantId, sessionId: sameTime[0]!.id, role: "user", content: "다시 왔어요" });
        const tied = sameTime
          .slice(1)
          .map((session) => session.id)
          .sort()
          .reverse();
        const expected = [sameTime[0]!.id, later.id, ...tied];

        expect(await listAll({ tenantId, limit: 3 })).toEqual(expected);
        expect(await listAll({ tenantId, limit: 1 })).toEqual(expected);
        expect(await listAll({ tenantId, limit: 200 })).toEqual(expected);
        const first = await service.listSessions({ tenantId, limit: 3 });
        expect(first.sessions[0]!.lastActivityAt.toISOString()).toBe(clock.now().toISOString());
        // The cursor round-trips: the same cursor gives the same next page.
        const again = await service.listSessions({ tenantId, limit: 3, cursor: first.nextCursor });
        const twice = await service.listSessions({ tenantId, limit: 3, cursor: first.nextCursor });
        expect(again.sessions.map((s) => s.id)).toEqual(expected.slice(3, 6));
        expect(twice.sessions.map((s) => s.id)).toEqual(again.sessions.map((s) => s.id));
        expect((await service.listSessions({ tenantId })).nextCursor).toBe("");
      });

      it("lists one owner's sessions only, and never another tenant's", async () => {
        const tenantId = freshTenant();
        const other = freshTenant();
        const mine = [await createFor(tenantId, { userId: "민지" }), await createFor(tenantId, { userId: "민지" })];
        await createFor(tenantId, { userId: "서준" });
        await createFor(tenantId);
        const foreign = await createFor(other, { userId: "민지" });
        expect(new Set(await listAll({ tenantId, userId: "민지", limit: 1 }))).toEqual(new Set(mine.map((s) => s.id)));
        expect(await listAll({ tenantId, limit: 50 })).toHaveLength(4);
        expect(await listAll({ tenantId, limit: 50 })).not.toContain(foreign.id);
        expect(await listAll({ tenantId: other, userId: "민지", limit: 50 })).toEqual([foreign.id]);
        expect(await listAll({ tenantId: freshTenant(), limit: 50 })).toEqual([]);
      });

      it("leaves expired and deleted sessions out", async () => {
        const tenantId = freshTenant();
        const gone = await createFor(tenantId);
        await service.deleteSession({ tenantId, sessionId: gone.id });
        const old = await createFor(tenantId);
        clock.advance(TIMEOUT_MS - 1000);
        const fresh = await createFor(tenantId);
        clock.advance(2000);
        const ids = await listAll({ tenantId, limit: 10 });
        expect(ids).toEqual([fresh.id]);
        expect(ids).not.toContain(old.id);
      });

      it("refuses a cursor it did not hand out and a limit outside 1..200", async () => {
        const tenantId = freshTenant();
        const bad = ["not-a-cursor", Buffer.from("2030-01-01T00:00:00.000Z|nope").toString("base64url"), Buffer.from(`yesterday|${randomUUID()}`).toString("base64url")];
        for (const cursor of bad) {
          await expect(service.listSessions({ tenantId, cursor })).rejects.toMatchObject({ code: "validation_failed" });
        }
        for (const limit of [0, 201, 1.5]) {
          await expect(service.listSessions({ tenantId, limit })).rejects.toMatchObject({ code: "validation_failed" });
        }
        await expect(service.listSessions({ tenantId, userId: "" })).rejects.toMatchObject({ code: "validation_failed" });
      });
    });

    describe("streaming messages", () => {
      it("reserves a message under a client-chosen id, hides it, and finalizes it in place", async () => {
        const { id } = await newSession();
        await say(id, "질문 ❓");
        const messageId = randomUUID();
        const reserved = await say(id, "", { role: "assistant", status: "streaming", messageId });
        expect(reserved).toMatchObject({ id: messageId, status: "streaming", sequence: 2 });
        await say(id, "stream 중에 도착한 메시지");

        expect((await service.listMessages({ tenantId: TENANT, sessionId: id })).messages).toHaveLength(2);
        expect((await service.getContext({ tenantId: TENANT, sessionId: id })).messages).toHaveLength(2);

        const sources = [{ documentId: "doc-9", title: "문서", page: 1, chunkIndex: 0, snippet: "…", score: 0.5 }];
        const finalized = await service.finalizeMessage({
          tenantId: TENANT,
          sessionId: id,
          messageId,
          status: "complete",
          content: "완성된 답변 🚀",
          model: "local-1",
          tokenUsage: { promptTokens: 5, completionTokens: 6, totalTokens: 11 },
          sources,
          finishReason: "stop",
        });
        expect(finalized).toMatchObject({ id: messageId, status: "complete", content: "완성된 답변 🚀", sequence: 2, sources });

        const listed = await service.listMessages({ tenantId: TENANT, sessionId: id });
        expect(listed.messages.map((message) => message.sequence)).toEqual([1, 2, 3]);
        expect(listed.messages[1]).toMatchObject({ id: messageId, content: "완성된 답변 🚀", finishReason: "stop" });
      });

      it("records an interrupted or failed generation with its error code", async () => {
        const { id } = await newSession();
        const reserved = await say(id, "", { role: "assistant", status: "streaming" });
        const failed = await service.finalizeMessage({
          tenantId: TENANT,
          sessionId: id,
          messageId: reserved.id,
          status: "failed",
          content: "부분 응답",
          errorCode: "upstream_timeout",
        });
        expect(failed).toMatchObject({ status: "failed", errorCode: "upstream_timeout", tokenUsage: null });
      });

      it("refuses to finalize twice, or a message that was never streaming", async () => {
        const { id } = await newSession();
        const reserved = await say(id, "", { role: "assistant", status: "streaming" });
        const finalize = (messageId: string) => service.finalizeMessage({ tenantId: TENANT, sessionId: id, messageId, status: "interrupted", content: "중단" });
        await finalize(reserved.id);
        await expect(finalize(reserved.id)).rejects.toMatchObject({ kind: "conflict", code: "message_not_streaming" });
        const plain = await say(id, "보통 메시지");
        await expect(finalize(plain.id)).rejects.toMatchObject({ kind: "conflict" });
        await expect(finalize(randomUUID())).rejects.toMatchObject({ kind: "not_found", code: "message_not_found" });
        await expect(finalize("nope")).rejects.toMatchObject({ kind: "not_found" });
      });

      it("only finalizes to a final status", async () => {
        const { id } = await newSession();
        const reserved = await say(id, "", { role: "assistant", status: "streaming" });
        await expect(service.finalizeMessage({ tenantId: TENANT, sessionId: id, messageId: reserved.id, status: "streaming", content: "" })).rejects.toMatchObject({
          kind: "invalid_argument",
          details: [{ field: "status" }],
        });
      });
    });

    describe("context window", () => {
      it("keeps the newest complete or interrupted messages that fit the token budget, oldest first", async () => {
        const { id } = await newSession();
        const texts = ["첫 번째 긴 질문입니다. 날씨가 어때요? ☀️", "두 번째 답변 🌧️ 비가 와요", "세 번째", "네 번째 질문 🤔", "다섯 번째 답"];
        for (const [index, text] of texts.entries()) await say(id, text, { role: index % 2 === 0 ? "user" : "assistant" });
        await say(id, "실패한 답변", { role: "assistant", status: "failed" });
        await say(id, "중단된 답변", { role: "assistant", status: "interrupted" });

        const tokens = (text: string) => countTextTokens(text);
        const everything = await service.getContext({ tenantId: TENANT, sessionId: id });
        expect(everything.messages.map((message) => message.content)).toEqual([...texts, "중단된 답변"]);
        expect(everything.tokenCount).toBe([...texts, "중단된 답변"].reduce((sum, text) => sum + tokens(text), 0));

        const lastThree = tokens("중단된 답변") + tokens(texts[4]!) + tokens(texts[3]!);
        const tight = await service.getContext({ tenantId: TENANT, sessionId: id, tokenBudget: lastThree + tokens(texts[2]!) - 1 });
        expect(tight.messages.map((message) => message.content)).toEqual([texts[3], texts[4], "중단된 답변"]);
        expect(tight.tokenCount).toBe(lastThree);

        const capped = await service.getContext({ tenantId: TENANT, sessionId: id, maxMessages: 2 });
        expect(capped.messages.map((message) => message.content)).toEqual([texts[4], "중단된 답변"]);

        // The newest message is the one to answer: it is sent even when alone it exceeds the budget.
        const tooSmall = await service.getContext({ tenantId: TENANT, sessionId: id, tokenBudget: 1 });
        expect(tooSmall.messages.map((message) => message.content)).toEqual(["중단된 답변"]);
        expect(tooSmall.tokenCount).toBe(tokens("중단된 답변"));
      });

      it.each([
        [{ maxMessages: 0 }, "max_messages"],
        [{ maxMessages: 201 }, "max_messages"],
        [{ tokenBudget: -5 }, "token_budget"],
      ])("rejects %j naming %s", async (extra, field) => {
        const { id } = await newSession();
        await expect(service.getContext({ tenantId: TENANT, sessionId: id, ...extra })).rejects.toMatchObject({
          kind: "invalid_argument",
          details: [{ field }],
        });
      });
    });

    describe("chat turns", () => {
      it("creates a session when none is named, stores the question and reserves the reply", async () => {
        const assistantMessageId = randomUUID();
        const turn = await service.beginTurn({ tenantId: TENANT, content: "처음 묻는 질문이에요 🙂", assistantMessageId });
        expect(turn.userMessage).toMatchObject({ role: "user", status: "complete", content: "처음 묻는 질문이에요 🙂" });
        expect(turn.assistantMessage).toMatchObject({ id: assistantMessageId, role: "assistant", status: "streaming" });
        expect(turn.context.messages.map((message) => message.content)).toEqual(["처음 묻는 질문이에요 🙂"]);
        const session = await service.getSession({ tenantId: TENANT, sessionId: turn.sessionId });
        expect(session.messageCount).toBe(1);
        expect(session.metadata).toEqual({});
        expect(session.expiresAt.getTime()).toBe(clock.now().getTime() + TIMEOUT_MS);
      });

      it("numbers a new session's first turn 1 and 2, and the next turn continues at 3", async () => {
        const first = await service.beginTurn({ tenantId: TENANT, content: "첫 질문 🌸", assistantMessageId: randomUUID() });
        expect([first.userMessage.sequence, first.assistantMessage.sequence]).toEqual([1, 2]);
        await service.finalizeMessage({
          tenantId: TENANT,
          sessionId: first.sessionId,
          messageId: first.assistantMessage.id,
          content: "첫 답변",
          status: "complete",
        });
        const second = await service.beginTurn({ tenantId: TENANT, sessionId: first.sessionId, content: "두 번째 질문", assistantMessageId: randomUUID() });
        expect([second.userMessage.sequence, second.assistantMessage.sequence]).toEqual([3, 4]);
        expect(second.context.messages.map((message) => message.content)).toEqual(["첫 질문 🌸", "첫 답변", "두 번째 질문"]);
      });

      it("refuses a new session's turn whose reply id is taken, and creates no session for it", async () => {
        const taken = randomUUID();
        await service.beginTurn({ tenantId: TENANT, content: "먼저 온 질문", assistantMessageId: taken });
        const before = await database.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${database.schema}.sessions`);
        await expect(service.beginTurn({ tenantId: TENANT, content: "늦게 온 질문", assistantMessageId: taken })).rejects.toMatchObject({
          code: "message_exists",
        });
        const after = await database.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${database.schema}.sessions`);
        expect(Number(after.rows[0]!.count)).toBe(Number(before.rows[0]!.count));
      });

      it("continues a named session with the history in its context, ending with the new question", async () => {
        const { id } = await newSession();
        await say(id, "이전 질문");
        await say(id, "이전 답변", { role: "assistant" });
        const turn = await service.beginTurn({ tenantId: TENANT, sessionId: id, content: "이어지는 질문", assistantMessageId: randomUUID() });
        expect(turn.sessionId).toBe(id);
        expect(turn.context.messages.map((message) => message.content)).toEqual(["이전 질문", "이전 답변", "이어지는 질문"]);
      });

      it("answers not found for another tenant's or an unknown session, and names a bad reply id", async () => {
        const { id } = await newSession();
        await expect(service.beginTurn({ tenantId: "다른-테넌트", sessionId: id, content: "남의 세션", assistantMessageId: randomUUID() })).rejects.toMatchObject({
          kind: "not_found",
        });
        await expect(service.beginTurn({ tenantId: TENANT, sessionId: id, content: "잘못된 id", assistantMessageId: "not-a-uuid" })).rejects.toMatchObject({
          kind: "invalid_argument",
          details: [expect.objectContaining({ field: "assistant_message_id" })],
        });
        expect(await countRows("messages", "session_id", id)).toBe(0);
      });
    });

    describe("branches", () => {
      const contents = (messages: { content: string }[]) => messages.map((message) => message.content);
      const answer = (sessionId: string, messageId: string, content: string) =>
        service.finalizeMessage({ tenantId: TENANT, sessionId, messageId, content, status: "complete" });
      const ask = (sessionId: string, content: string, extra: Partial<Parameters<SessionService["beginTurn"]>[0]> = {}) =>
        service.beginTurn({ tenantId: TENANT, sessionId, content, assistantMessageId: randomUUID(), ...extra });
      const regenerate = (sessionId: string, regenerateMessageId: string) =>
        service.beginTurn({ tenantId: TENANT, sessionId, regenerateMessageId, assistantMessageId: randomUUID() });
      const list = (sessionId: string, extra: Partial<Parameters<SessionService["listMessages"]>[0]> = {}) =>
        service.listMessages({ tenantId: TENANT, sessionId, ...extra });

      it("regenerating twice keeps three sibling answers; each context ends with the question, without the other answers", async () => {
        const first = await service.beginTurn({ tenantId: TENANT, content: "환불 규정이 궁금합니다", assistantMessageId: randomUUID() });
        const sessionId = first.sessionId;
        const question = first.userMessage;
        await answer(sessionId, first.assistantMessage.id, "첫 번째 답변: 7일 이내 환불");

        const second = await regenerate(sessionId, first.assistantMessage.id);
        expect(second.userMessage.id).toBe(question.id);
        expect(second.assistantMessage).toMatchObject({ role: "assistant", status: "streaming", parentId: question.id });
        expect(contents(second.context.messages)).toEqual(["환불 규정이 궁금합니다"]);
        await answer(sessionId, second.assistantMessage.id, "두 번째 답변: 영수증이 필요합니다");

        const third = await regenerate(sessionId, second.assistantMessage.id);
        expect(contents(third.context.messages)).toEqual(["환불 규정이 궁금합니다"]);
        await answer(sessionId, third.assistantMessage.id, "세 번째 답변: 고객센터로 문의하세요");

        const replies = [first, second, third].map((turn) => turn.assistantMessage.id);
        const page = await list(sessionId);
        expect(contents(page.messages)).toEqual(["환불 규정이 궁금합니다", "세 번째 답변: 고객센터로 문의하세요"]);
        expect(page.messages[0]).toMatchObject({ id: question.id, parentId: null, siblingIds: [question.id] });
        expect(page.messages[1]).toMatchObject({ id: replies[2], parentId: question.id, siblingIds: replies });
        expect(page.hasMore).toBe(false);
        // The session counts every listed message, on every branch; nothing was removed.
        expect((await service.getSession({ tenantId: TENANT, sessionId })).messageCount).toBe(4);

        // Another answer's branch is listed when asked for; its siblings are the same three.
        const older = await list(sessionId, { messageId: replies[0]! });
        expect(contents(older.messages)).toEqual(["환불 규정이 궁금합니다", "첫 번째 답변: 7일 이내 환불"]);
        expect(older.messages[1]!.siblingIds).toEqual(replies);

        // A new turn with nothing new follows the active (newest) answer.
        const next = await ask(sessionId, "영수증이 없으면요?");
        expect(next.userMessage.parentId).toBe(replies[2]);
        expect(contents(next.context.messages)).toEqual(["환불 규정이 궁금합니다", "세 번째 답변: 고객센터로 문의하세요", "영수증이 없으면요?"]);
      });

      it("editing a question starts a branch beside it; the old question and answer survive and can be listed and continued", async () => {
        const first = await service.beginTurn({ tenantId: TENANT, content: "서울 날씨 어때요?", assistantMessageId: randomUUID() });
        const sessionId = first.sessionId;
        await answer(sessionId, first.assistantMessage.id, "서울은 맑아요 ☀️");
        const old = await ask(sessionId, "내일은요?");
        await answer(sessionId, old.assistantMessage.id, "내일은 비가 와요 🌧️");

        // Edit "내일은요?": a new question under the same parent (the first answer).
        const edited = await ask(sessionId, "모레는요?", { parentMessageId: first.assistantMessage.id });
        expect(edited.userMessage.parentId).toBe(first.assistantMessage.id);
        expect(contents(edited.context.messages)).toEqual(["서울 날씨 어때요?", "서울은 맑아요 ☀️", "모레는요?"]);
        await answer(sessionId, edited.assistantMessage.id, "모레는 눈이 와요 ❄️");
        await expect(service.getContext({ tenantId: TENANT, sessionId })).resolves.toMatchObject({
          messages: [{ content: "서울 날씨 어때요?" }, { content: "서울은 맑아요 ☀️" }, { content: "모레는요?" }, { content: "모레는 눈이 와요 ❄️" }],
        });

        const active = await list(sessionId);
        expect(contents(active.messages)).toEqual(["서울 날씨 어때요?", "서울은 맑아요 ☀️", "모레는요?", "모레는 눈이 와요 ❄️"]);
        expect(active.messages[2]!.siblingIds).toEqual([old.userMessage.id, edited.userMessage.id]);
        expect(active.messages[3]!.siblingIds).toEqual([edited.assistantMessage.id]);

        // The old branch, through its question: down to its newest descendant, the old answer.
        const before = await list(sessionId, { messageId: old.userMessage.id });
        expect(contents(before.messages)).toEqual(["서울 날씨 어때요?", "서울은 맑아요 ☀️", "내일은요?", "내일은 비가 와요 🌧️"]);
        // Paging works along a branch, with the same cursor rule.
        const tail = await list(sessionId, { messageId: old.userMessage.id, limit: 2 });
        expect(contents(tail.messages)).toEqual(["내일은요?", "내일은 비가 와요 🌧️"]);
        expect(tail.hasMore).toBe(true);
        const head = await list(sessionId, { messageId: old.userMessage.id, limit: 2, before: tail.messages[0]!.id });
        expect(contents(head.messages)).toEqual(["서울 날씨 어때요?", "서울은 맑아요 ☀️"]);
        expect(head.hasMore).toBe(false);

        // Continuing from the old answer makes its branch the active one again.
        const resumed = await ask(sessionId, "우산이 필요할까요?", { parentMessageId: old.assistantMessage.id });
        expect(contents(resumed.context.messages)).toEqual(["서울 날씨 어때요?", "서울은 맑아요 ☀️", "내일은요?", "내일은 비가 와요 🌧️", "우산이 필요할까요?"]);
        await answer(sessionId, resumed.assistantMessage.id, "네, 챙기세요 ☂️");
        expect(contents((await list(sessionId)).messages).slice(2)).toEqual(["내일은요?", "내일은 비가 와요 🌧️", "우산이 필요할까요?", "네, 챙기세요 ☂️"]);

        // Editing the first question: a new root beside it.
        const rooted = await ask(sessionId, "부산 날씨 어때요?", { parentMessageId: null });
        expect(rooted.userMessage.parentId).toBeNull();
        expect(contents(rooted.context.messages)).toEqual(["부산 날씨 어때요?"]);
        await answer(sessionId, rooted.assistantMessage.id, "부산은 흐려요");
        const roots = await list(sessionId);
        expect(contents(roots.messages)).toEqual(["부산 날씨 어때요?", "부산은 흐려요"]);
        expect(roots.messages[0]!.siblingIds).toEqual([first.userMessage.id, rooted.userMessage.id]);
      });

      it("appends after the active leaf, or under a chosen message", async () => {
        const { id } = await newSession();
        const one = await say(id, "첫째");
        const two = await say(id, "둘째", { role: "assistant" });
        expect([one.parentId, two.parentId]).toEqual([null, one.id]);
        const beside = await say(id, "둘째 대신", { role: "assistant", parentMessageId: one.id });
        expect(beside.parentId).toBe(one.id);
        const page = await list(id);
        expect(contents(page.messages)).toEqual(["첫째", "둘째 대신"]);
        expect(page.messages[1]!.siblingIds).toEqual([two.id, beside.id]);
      });

      it("refuses unknown ids, another session's ids, a user message to regenerate or answer from, and both at once", async () => {
        const first = await service.beginTurn({ tenantId: TENANT, content: "질문 하나", assistantMessageId: randomUUID() });
        const sessionId = first.sessionId;
        await answer(sessionId, first.assistantMessage.id, "답 하나");
        const other = await service.beginTurn({ tenantId: TENANT, content: "다른 세션 질문", assistantMessageId: randomUUID() });
        await answer(other.sessionId, other.assistantMessage.id, "다른 세션 답");

        for (const id of [randomUUID(), "없는-id", other.assistantMessage.id]) {
          await expect(regenerate(sessionId, id)).rejects.toMatchObject({ kind: "not_found", code: "message_not_found" });
          await expect(ask(sessionId, "새 질문", { parentMessageId: id })).rejects.toMatchObject({ kind: "not_found", code: "message_not_found" });
          await expect(list(sessionId, { messageId: id })).rejects.toMatchObject({ kind: "not_found", code: "message_not_found" });
        }
        await expect(regenerate(sessionId, first.userMessage.id)).rejects.toMatchObject({ kind: "invalid_argument", details: [{ field: "regenerate_message_id" }] });
        await expect(ask(sessionId, "새 질문", { parentMessageId: first.userMessage.id })).rejects.toMatchObject({
          kind: "invalid_argument",
          details: [{ field: "parent_message_id" }],
        });
        await expect(
          service.beginTurn({
            tenantId: TENANT,
            sessionId,
            regenerateMessageId: first.assistantMessage.id,
            parentMessageId: first.assistantMessage.id,
            assistantMessageId: randomUUID(),
          }),
        ).rejects.toMatchObject({ kind: "invalid_argument", details: [{ field: "parent_message_id" }] });
        await expect(
          service.beginTurn({ tenantId: TENANT, sessionId, regenerateMessageId: first.assistantMessage.id, content: "질문도", assistantMessageId: randomUUID() }),
        ).rejects.toMatchObject({ kind: "invalid_argument", details: [{ field: "content" }] });
        await expect(service.beginTurn({ tenantId: TENANT, regenerateMessageId: first.assistantMessage.id, assistantMessageId: randomUUID() })).rejects.toMatchObject({
          kind: "invalid_argument",
          details: [{ field: "session_id" }],
        });
        // Another tenant cannot regenerate in the session at all.
        await expect(
          service.beginTurn({ tenantId: OTHER_TENANT, sessionId, regenerateMessageId: first.assistantMessage.id, assistantMessageId: randomUUID() }),
        ).rejects.toMatchObject({ kind: "not_found", code: "session_not_found" });
        // Nothing was stored by the refused turns.
        expect(contents((await list(sessionId)).messages)).toEqual(["질문 하나", "답 하나"]);
        expect(await countRows("messages", "session_id", sessionId)).toBe(2);
      });

      it("keeps one chain when turns on one session race: each question follows the reply before it", async () => {
        const { id } = await newSession();
        const turns = await Promise.all(Array.from({ length: 12 }, (_, index) => ask(id, `동시 질문 ${index} ⚡`)));
        const stored = await database.sql.query<{ id: string; sequence: number; parent_message_id: string | null; role: string }>(
          `SELECT id, sequence, parent_message_id, role FROM ${database.schema}.messages WHERE session_id = $1 ORDER BY sequence`,
          [id],
        );
        const rows = stored.rows.map((row) => ({ ...row, sequence: Number(row.sequence) }));
        expect(rows.map((row) => row.sequence)).toEqual(Array.from({ length: 24 }, (_, index) => index + 1));
        rows.forEach((row, index) => expect(row.parent_message_id).toBe(index === 0 ? null : rows[index - 1]!.id));
        // Each turn's context is the chain above it: the questions before it, in order.
        for (const turn of turns) {
          const position = rows.findIndex((row) => row.id === turn.userMessage.id);
          expect(turn.context.messages.length).toBe(Math.min(position / 2 + 1, 10));
        }
        const session = await service.getSession({ tenantId: TENANT, sessionId: id });
        expect(session.activeLeafId).toBe(rows.at(-1)!.id);
      });
    });

    describe("concurrent appends", () => {
      it("stores 200 concurrent appends to one session with sequences 1..200, no gap, no duplicate", async () => {
        const { id } = await newSession();
        const results = await Promise.all(Array.from({ length: 200 }, (_, index) => say(id, `동시 메시지 ${index} ⚡`)));
        const sequences = results.map((message) => message.sequence).sort((a, b) => a - b);
        expect(sequences).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));

        const stored = await service.listMessages({ tenantId: TENANT, sessionId: id, limit: 200 });
        expect(stored.messages).toHaveLength(200);
        expect(stored.hasMore).toBe(false);
        expect(new Set(stored.messages.map((message) => message.content)).size).toBe(200);
        expect(stored.messages.map((message) => message.sequence)).toEqual(sequences);
      });
    });

    describe("expiry", () => {
      it("answers not found the moment a session expires, before any sweep", async () => {
        const { id } = await newSession();
        await say(id, "곧 만료");
        clock.advance(TIMEOUT_MS);
        const ref = { tenantId: TENANT, sessionId: id };
        for (const attempt of [
          service.getSession(ref),
          service.listMessages(ref),
          service.getContext(ref),
          service.appendMessage({ ...ref, role: "user", content: "늦음" }),
          service.deleteSession(ref),
        ]) {
          await expect(attempt).rejects.toMatchObject({ kind: "not_found" });
        }
        expect(await countRows("sessions", "id", id)).toBe(1);
      });

      it("is refreshed by every access", async () => {
        const { id } = await newSession();
        const ref = { tenantId: TENANT, sessionId: id };
        const accesses = [() => service.getSession(ref), () => service.listMessages(ref), () => service.getContext(ref), () => say(id, "연장 🔁")];
        for (const access of accesses) {
          clock.advance(TIMEOUT_MS - 1000);
          await access();
        }
        clock.advance(TIMEOUT_MS - 1000);
        const session = await service.getSession(ref);
        expect(session.expiresAt.getTime()).toBe(clock.now().getTime() + TIMEOUT_MS);
        expect(session.messageCount).toBe(1);
      });

      it("is refreshed when a reply is finalized; once expired, its reply is not stored", async () => {
        const turn = await service.beginTurn({ tenantId: TENANT, content: "천천히 답해 주세요 🐢", assistantMessageId: randomUUID() });
        const ref = { tenantId: TENANT, sessionId: turn.sessionId };
        clock.advance(TIMEOUT_MS - 1000);
        await service.finalizeMessage({ ...ref, messageId: turn.assistantMessage.id, status: "complete", content: "늦었지만 완성 ✅" });
        clock.advance(TIMEOUT_MS - 1000);
        const listed = await service.listMessages(ref);
        expect(listed.messages.map((message) => [message.role, message.status, message.content])).toEqual([
          ["user", "complete", "천천히 답해 주세요 🐢"],
          ["assistant", "complete", "늦었지만 완성 ✅"],
        ]);

        const late = await service.beginTurn({ ...ref, content: "다음 질문", assistantMessageId: randomUUID() });
        clock.advance(TIMEOUT_MS);
        for (const messageId of [late.assistantMessage.id, "not-a-uuid"]) {
          await expect(service.finalizeMessage({ ...ref, messageId, status: "complete", content: "너무 늦음" })).rejects.toMatchObject({
            kind: "not_found",
            code: "session_not_found",
          });
        }
      });

      it("is swept in batches with its messages, leaving live sessions alone", async () => {
        const doomed = await Promise.all([newSession(), newSession(), newSession()]);
        for (const session of doomed) await say(session.id, "사라질 메시지 👻");
        clock.advance(TIMEOUT_MS / 2);
        const survivor = await newSession();
        await say(survivor.id, "살아남을 메시지 🌱");
        clock.advance(TIMEOUT_MS / 2);

        let statements = 0;
        const countingStore: SessionStore = {
          ...store,
          deleteExpiredSessions: (now, batchSize) => {
            statements += 1;
            return store.deleteExpiredSessions(now, batchSize);
          },
        };
        const sweeper = createExpirySweeper({ store: countingStore, now: clock.now, intervalMs: 60_000, batchSize: 2, logger: testLogger() });
        const swept = await sweeper.sweep();
        // Sessions left expired by earlier tests go too; the loop stops at the first short batch.
        expect(swept).toBeGreaterThanOrEqual(3);
        expect(statements).toBe(Math.floor(swept / 2) + 1);
        for (const session of doomed) {
          expect(await countRows("sessions", "id", session.id)).toBe(0);
          expect(await countRows("messages", "session_id", session.id)).toBe(0);
        }
        expect(await countRows("messages", "session_id", survivor.id)).toBe(1);
        await expect(service.getSession({ tenantId: TENANT, sessionId: survivor.id })).resolves.toMatchObject({ messageCount: 1 });
        await sweeper.stop();
      });

      it("lists a reply that was never stored as failed once it is abandoned, and leaves recent ones reserved", async () => {
        const abandonedMs = 15 * 60_000;
        const lost = await service.beginTurn({ tenantId: TENANT, content: "답을 잃어버린 질문 😢", assistantMessageId: randomUUID() });
        clock.advance(abandonedMs - 60_000);
        const running = await service.beginTurn({ tenantId: TENANT, content: "아직 답하는 중인 질문 ⏳", assistantMessageId: randomUUID() });
        clock.advance(60_000);

        const sweeper = createExpirySweeper({ store, now: clock.now, intervalMs: 60_000, abandonedReplyMs: abandonedMs, logger: testLogger() });
        await sweeper.sweep();
        await sweeper.stop();

        const lostPage = await service.listMessages({ tenantId: TENANT, sessionId: lost.sessionId });
        expect(lostPage.messages.map((message) => [message.role, message.status, message.errorCode, message.content])).toEqual([
          ["user", "complete", "", "답을 잃어버린 질문 😢"],
          ["assistant", "failed", "reply_not_stored", ""],
        ]);
        // The generation that is still within its time can finish as usual.
        const runningPage = await service.listMessages({ tenantId: TENANT, sessionId: running.sessionId });
        expect(runningPage.messages.map((message) => message.role)).toEqual(["user"]);
        await expect(
          service.finalizeMessage({
            tenantId: TENANT,
            sessionId: running.sessionId,
            messageId: running.assistantMessage.id,
            content: "늦었지만 답합니다",
            status: "complete",
          }),
        ).resolves.toMatchObject({ status: "complete" });
        // A late report for the abandoned one does not overwrite what is listed.
        await expect(
          service.finalizeMessage({ tenantId: TENANT, sessionId: lost.sessionId, messageId: lost.assistantMessage.id, content: "너무 늦은 답", status: "complete" }),
        ).rejects.toMatchObject({ code: "message_not_streaming" });
      });
    });
  });
}
