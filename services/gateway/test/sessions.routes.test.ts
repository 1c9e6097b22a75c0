import request from "supertest";
import { callUnary } from "@chatbot/grpc";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());

async function createSession(metadata?: Record<string, unknown>) {
  const response = await request(harness.app)
    .post("/api/sessions")
    .send(metadata === undefined ? {} : { metadata });
  expect(response.status).toBe(201);
  return response.body as { session_id: string };
}

async function append(sessionId: string, role: string, content: string) {
  return callUnary(harness.channels.session, "session", "AppendMessage", {
    tenant_id: "default",
    session_id: sessionId,
    role,
    content,
  });
}

describe("POST /api/sessions", () => {
  it("creates a session with its metadata and expiry", async () => {
    const metadata = { 사용자: "김민지", channel: "웹", 이모지: "🙂👍", nested: { depth: [1, 2, 3] } };
    const response = await request(harness.app).post("/api/sessions").send({ metadata });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      created_at: expect.any(String),
      last_accessed: expect.any(String),
      expires_at: expect.any(String),
      metadata,
      user_id: null,
      title: null,
      last_activity_at: response.body.created_at,
    });
    const hours = (Date.parse(response.body.expires_at) - Date.parse(response.body.last_accessed)) / 3_600_000;
    expect(hours).toBeCloseTo(24, 3);
  });

  it("accepts a request with no body", async () => {
    const response = await request(harness.app).post("/api/sessions");
    expect(response.status).toBe(201);
    expect(response.body.metadata).toEqual({});
  });

  it("rejects metadata over 16 KiB with 422 naming the field", async () => {
    const response = await request(harness.app)
      .post("/api/sessions")
      .send({ metadata: { 메모: "한".repeat(6000) } });
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: "metadata" })]);
  });
});

describe("GET /api/sessions/{id}", () => {
  it("returns the session with its message count", async () => {
    const { session_id } = await createSession({ 주제: "여행" });
    await append(session_id, "user", "제주도 여행 일정을 짜 주세요.");
    const response = await request(harness.app).get(`/api/sessions/${session_id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ session_id, metadata: { 주제: "여행" }, message_count: 1 });
  });

  it.each([["not-a-uuid"], ["00000000-0000-4000-8000-000000000000"], ["'; DROP TABLE sessions; --"]])("answers 404 for %s", async (id) => {
    const response = await request(harness.app).get(`/api/sessions/${encodeURIComponent(id)}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toEqual(expect.any(String));
  });

  it("answers 404 at once for a session past its expiry, before any sweep", async () => {
    const { session_id } = await createSession();
    harness.clock.offsetMs = 25 * 3_600_000;
    try {
      const response = await request(harness.app).get(`/api/sessions/${session_id}`);
      expect(response.status).toBe(404);
    } finally {
      harness.clock.offsetMs = 0;
    }
  });

  it("refreshes the expiry on access", async () => {
    const { session_id } = await createSession();
    harness.clock.offsetMs = 20 * 3_600_000;
    try {
      const refreshed = await request(harness.app).get(`/api/sessions/${session_id}`);
      expect(refreshed.status).toBe(200);
      harness.clock.offsetMs = 40 * 3_600_000;
      const stillThere = await request(harness.app).get(`/api/sessions/${session_id}`);
      expect(stillThere.status).toBe(200);
    } finally {
      harness.clock.offsetMs = 0;
    }
  });
});

describe("DELETE /api/sessions/{id}", () => {
  it("deletes the session and its messages", async () => {
    const { session_id } = await createSession();
    await append(session_id, "user", "삭제될 메시지입니다.");
    const deleted = await request(harness.app).delete(`/api/sessions/${session_id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await request(harness.app).get(`/api/sessions/${session_id}`)).status).toBe(404);
    expect((await request(harness.app).get(`/api/sessions/${session_id}/messages`)).status).toBe(404);
    const rows = await harness.sql.query(`SELECT count(*)::int AS n FROM ${harness.schema}.messages WHERE session_id = $1`, [session_id]);
    expect(rows.rows[0]).toEqual({ n: 0 });
  });

  it("answers 404 for an unknown session", async () => {
    const response = await request(harness.app).delete("/api/sessions/6f1c1b9e-8b1a-4c52-9a57-2f4f6a3e0c11");
    expect(response.status).toBe(404);
  });
});

describe("GET /api/sessions/{id}/messages", () => {
  it("pages backwards with a cursor, each page oldest first", async () => {
    const { session_id } = await createSession();
    const contents = Array.from({ length: 7 }, (_, index) => `질문 ${index + 1}: 서울의 날씨는 어떤가요? 🌧️`);
    for (const content of contents) await append(session_id, "user", content);

    const first = await request(harness.app).get(`/api/sessions/${session_id}/messages?limit=3`);
    expect(first.status).toBe(200);
    expect(first.body.has_more).toBe(true);
    expect(first.body.messages.map((message: { content: string }) => message.content)).toEqual(contents.slice(4));

    const cursor = first.body.messages[0].message_id;
    const second = await request(harness.app).get(`/api/sessions/${session_id}/messages?limit=3&before=${cursor}`);
    expect(second.body.messages.map((message: { content: string }) => message.content)).toEqual(contents.slice(1, 4));
    expect(second.body.has_more).toBe(true);

    const last = await request(harness.app).get(`/api/sessions/${session_id}/messages?limit=3&before=${second.body.messages[0].message_id}`);
    expect(last.body.messages.map((message: { content: string }) => message.content)).toEqual(contents.slice(0, 1));
    expect(last.body.has_more).toBe(false);
  });

  it("returns messages in the documented shape, Korean and emoji byte for byte", async () => {
    const { session_id } = await createSession();
    const content = "안녕하세요! 오늘 회의는 3시입니다. 👩‍💻🇰🇷 — “따옴표” 탭\t 줄\n바꿈";
    await append(session_id, "user", content);
    const response = await request(harness.app).get(`/api/sessions/${session_id}/messages`);
    expect(response.status).toBe(200);
    expect(response.body.messages).toEqual([
      {
        message_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        session_id,
        role: "user",
        content,
        created_at: expect.any(String),
        token_usage: null,
        status: "complete",
        sources: [],
        model: null,
        finish_reason: null,
        error_code: null,
        parent_message_id: null,
        sibling_ids: [response.body.messages[0].message_id],
        feedback: null,
      },
    ]);
    expect(Buffer.from(response.body.messages[0].content, "utf8").equals(Buffer.from(content, "utf8"))).toBe(true);
  });

  it.each([["0"], ["201"], ["abc"], ["1.5"], ["-3"]])("answers limit=%s with 422 naming limit", async (limit) => {
    const { session_id } = await createSession();
    const response = await request(harness.app).get(`/api/sessions/${session_id}/messages?limit=${limit}`);
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: "limit" })]);
  });

  it("answers 404 for an unknown session", async () => {
    const response = await request(harness.app).get("/api/sessions/abc/messages");
    expect(response.status).toBe(404);
  });
});

describe("POST /api/sessions/{id}/messages", () => {
  it("stores a message that then appears in the history", async () => {
    const { session_id } = await createSession();
    const response = await request(harness.app)
      .post(`/api/sessions/${session_id}/messages`)
      .send({ role: "system", content: "당신은 친절한 상담원입니다. 존댓말로 답하세요." });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ session_id, role: "system", status: "complete" });
    const history = await request(harness.app).get(`/api/sessions/${session_id}/messages`);
    expect(history.body.messages.map((message: { message_id: string }) => message.message_id)).toEqual([response.body.message_id]);
  });

  it.each([
    [{ content: "역할이 없어요" }, "role"],
    [{ role: "bot", content: "잘못된 역할" }, "role"],
    [{ role: "user", content: "" }, "content"],
    [{ role: "user", content: "가".repeat(32_001) }, "content"],
  ])("answers %j with 422 naming %s", async (body, field) => {
    const { session_id } = await createSession();
    const response = await request(harness.app).post(`/api/sessions/${session_id}/messages`).send(body);
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([expect.objectContaining({ field })]);
  });

  it("answers 404 for an unknown session", async () => {
    const response = await request(harness.app).post("/api/sessions/1b671a64-40d5-491e-99b0-da01ff1f3341/messages").send({ role: "user", content: "누구 없나요?" });
    expect(response.status).toBe(404);
  });
});

describe("owners and titles", () => {
  const owner = () => `user-${Math.random().toString(36).slice(2)}`;

  it("creates a session with user_id and title; without them both are null", async () => {
    const userId = owner();
    const response = await request(harness.app).post("/api/sessions").send({ user_id: userId, title: "예약 변경 문의 🗓️" });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ user_id: userId, title: "예약 변경 문의 🗓️", last_activity_at: response.body.created_at });
    const bare = await request(harness.app).post("/api/sessions").send({});
    expect(bare.body).toMatchObject({ user_id: null, title: null });
    const read = await request(harness.app).get(`/api/sessions/${response.body.session_id}`);
    expect(read.body).toMatchObject({ user_id: userId, title: "예약 변경 문의 🗓️", message_count: 0 });
  });

  it("refuses a bad user_id or title with 422 naming the field", async () => {
    for (const [body, field] of [
      [{ user_id: "" }, "user_id"],
      [{ user_id: "가".repeat(129) }, "user_id"],
      [{ user_id: 7 }, "user_id"],
      [{ user_id: "사용자\u0000" }, "user_id"],
      [{ title: "제목\u0000" }, "title"],
      [{ title: "" }, "title"],
      [{ title: "가".repeat(201) }, "title"],
    ] as const) {
      const response = await request(harness.app).post("/api/sessions").send(body);
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({ code: "validation_failed", details: [expect.objectContaining({ field })] });
    }
    expect(
      (
        await request(harness.app)
          .post("/api/sessions")
          .send({ user_id: "가".repeat(128), title: "가".repeat(200) })
      ).status,
    ).toBe(201);
  });

  it("titles a session after its first user message, Korean and whitespace collapsed", async () => {
    const { session_id } = await createSession();
    const appended = await request(harness.app)
      .post(`/api/sessions/${session_id}/messages`)
      .send({ role: "user", content: `  배송   조회를\n부탁드립니다 ${"가나다 ".repeat(40)}` });
    expect(appended.status).toBe(201);
    const title = (await request(harness.app).get(`/api/sessions/${session_id}`)).body.title as string;
    expect(title.startsWith("배송 조회를 부탁드립니다 가나다")).toBe(true);
    expect([...title].length).toBeLessThanOrEqual(80);
  });

  it("PATCH sets the title; 404 for an unknown session, 422 for a bad title", async () => {
    const { session_id } = await createSession();
    const patched = await request(harness.app).patch(`/api/sessions/${session_id}`).send({ title: "새 제목 ✏️" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ session_id, title: "새 제목 ✏️", user_id: null });
    expect((await request(harness.app).get(`/api/sessions/${session_id}`)).body.title).toBe("새 제목 ✏️");
    const unknown = await request(harness.app).patch("/api/sessions/5b0c3f5e-3f7a-4d43-9f0e-3c3c1f0e7a11").send({ title: "없음" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("session_not_found");
    for (const body of [{}, { title: "" }, { title: "가".repeat(201) }]) {
      const refused = await request(harness.app).patch(`/api/sessions/${session_id}`).send(body);
      expect(refused.status).toBe(422);
      expect(refused.body.error.details).toEqual([expect.objectContaining({ field: "title" })]);
    }
  });
});

describe("GET /api/sessions", () => {
  it("lists one owner's sessions newest activity first, a page at a time", async () => {
    const userId = `user-${Math.random().toString(36).slice(2)}`;
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      const created = await request(harness.app).post("/api/sessions").send({ user_id: userId });
      ids.push(created.body.session_id as string);
    }
    await request(harness.app).post(`/api/sessions/${ids[0]}/messages`).send({ role: "user", content: "다시 왔어요" });
    await request(harness.app)
      .post("/api/sessions")
      .send({ user_id: `${userId}-other` });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await request(harness.app)
        .get("/api/sessions")
        .query({ user_id: userId, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(response.status).toBe(200);
      expect(response.body.sessions.length).toBeLessThanOrEqual(2);
      for (const session of response.body.sessions)
        expect(session).toMatchObject({ user_id: userId, session_id: expect.any(String), last_activity_at: expect.any(String) });
      seen.push(...response.body.sessions.map((session: { session_id: string }) => session.session_id));
      cursor = response.body.next_cursor as string | null;
    } while (cursor !== null && seen.length < 20);
    expect(seen).toHaveLength(5);
    expect(seen[0]).toBe(ids[0]);
    expect(new Set(seen)).toEqual(new Set(ids));
    const first = (await request(harness.app).get("/api/sessions").query({ user_id: userId, limit: 1 })).body;
    expect(first.sessions[0].title).toBe("다시 왔어요");
  });

  it("lists the tenant's sessions with the default page size; next_cursor is null on the last page", async () => {
    const response = await request(harness.app).get("/api/sessions");
    expect(response.status).toBe(200);
    expect(Array.isArray(response.body.sessions)).toBe(true);
    expect(response.body.sessions.length).toBeLessThanOrEqual(50);
    const empty = await request(harness.app).get("/api/sessions").query({ user_id: "아무도-없음" });
    expect(empty.body).toEqual({ sessions: [], next_cursor: null });
  });

  it("refuses a cursor it did not hand out, a bad limit and a bad user_id with 422", async () => {
    for (const [query, field] of [
      [{ cursor: "엉터리" }, "cursor"],
      [{ cursor: Buffer.from("어제|x").toString("base64url") }, "cursor"],
      [{ limit: "0" }, "limit"],
      [{ limit: "201" }, "limit"],
      [{ user_id: "" }, "user_id"],
    ] as const) {
      const response = await request(harness.app).get("/api/sessions").query(query);
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({ code: "validation_failed", details: [expect.objectContaining({ field })] });
    }
  });
});

describe("GET /api/sessions/search", () => {
  /** A Latin word (one search term) no other test writes, so the shared tenant's other sessions do not match. */
  const unique = () => Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");

  it("finds a session by a Korean word of an answer, with a snippet that marks the word", async () => {
    const tag = unique();
    const userId = `user-검색-${tag}`;
    const found = await request(harness.app).post("/api/sessions").send({ user_id: userId });
    const sessionId = found.body.session_id as string;
    await request(harness.app)
      .post(`/api/sessions/${sessionId}/messages`)
      .send({ role: "user", content: `${tag} 주말 여행지 추천` });
    const answer = await request(harness.app)
      .post(`/api/sessions/${sessionId}/messages`)
      .send({ role: "assistant", content: `${tag} 경주에서는 불국사와 첨성대를 많이 찾습니다. 야경은 동궁과 월지가 유명합니다.` });
    const other = await request(harness.app)
      .post("/api/sessions")
      .send({ user_id: `${userId}-other` });
    await request(harness.app)
      .post(`/api/sessions/${other.body.session_id}/messages`)
      .send({ role: "assistant", content: `${tag} 첨성대 관람 시간은 22시까지입니다.` });

    const response = await request(harness.app).get("/api/sessions/search").query({ q: "불국사", user_id: userId });
    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([
      {
        session_id: sessionId,
        title: `${tag} 주말 여행지 추천`,
        user_id: userId,
        last_activity_at: expect.any(String),
        score: expect.any(Number),
        snippet: expect.stringContaining("불국사와 첨성대"),
        highlights: [expect.any(Array)],
        message_id: answer.body.message_id,
      },
    ]);
    const [hit] = response.body.results;
    const [start, end] = hit.highlights[0];
    expect(hit.snippet.slice(start, end)).toBe("불국사");

    // Without user_id, the tenant's sessions: the one holding all the words first.
    const both = await request(harness.app)
      .get("/api/sessions/search")
      .query({ q: `첨성대 불국사 ${tag}` });
    // (Other tests' sessions may share a syllable pair of the word; they rank below both.)
    expect(both.body.results.map((result: { session_id: string }) => result.session_id).slice(0, 2)).toEqual([sessionId, other.body.session_id]);
  });

  it("finds a session by its title, without a message id, and leaves deleted sessions out", async () => {
    const tag = unique();
    const created = await request(harness.app)
      .post("/api/sessions")
      .send({ title: `연말정산 ${tag} 서류` });
    const response = await request(harness.app)
      .get("/api/sessions/search")
      .query({ q: `${tag} 연말정산` });
    expect(response.body.results).toEqual([expect.objectContaining({ session_id: created.body.session_id, snippet: `연말정산 ${tag} 서류`, message_id: null })]);
    const marks = response.body.results[0].highlights.map(([start, end]: [number, number]) => response.body.results[0].snippet.slice(start, end));
    expect(marks).toEqual(["연말정산", tag]);

    await request(harness.app).delete(`/api/sessions/${created.body.session_id}`);
    expect((await request(harness.app).get("/api/sessions/search").query({ q: tag })).body).toEqual({ results: [] });
  });

  it("answers an empty list for a query without letters or digits, and 422 for a missing or long q, a bad limit or user_id", async () => {
    expect((await request(harness.app).get("/api/sessions/search").query({ q: "?!" })).body).toEqual({ results: [] });
    for (const [query, field] of [
      [{}, "q"],
      [{ q: "" }, "q"],
      [{ q: "가".repeat(201) }, "q"],
      [{ q: "여행", limit: "0" }, "limit"],
      [{ q: "여행", limit: "51" }, "limit"],
      [{ q: "여행", limit: "열" }, "limit"],
      [{ q: "여행", user_id: "" }, "user_id"],
    ] as const) {
      const response = await request(harness.app).get("/api/sessions/search").query(query);
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({ code: "validation_failed", details: [expect.objectContaining({ field })] });
    }
  });
});
