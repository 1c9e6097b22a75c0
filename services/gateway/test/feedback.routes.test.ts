import { randomUUID } from "node:crypto";
import request from "supertest";
import { callUnary } from "@chatbot/grpc";
import { FEEDBACK_COMMENT_MAX_CHARACTERS } from "@chatbot/core";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

/** AUTH_MODE=none: every request acts for this tenant. */
const TENANT = "default";
const OTHER_TENANT = "다른-테넌트";

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());

/** 실제 LLM 경로(llm-proxy → 테스트 업스트림)를 거친 대화 한 턴: 답변에 모델과 제공자가 기록된다. */
async function chatTurn(message: string, sessionId?: string) {
  const response = await request(harness.app)
    .post("/api/chat")
    .send({ message, use_rag: false, ...(sessionId ? { session_id: sessionId } : {}) });
  expect(response.status).toBe(200);
  return response.body as { session_id: string; message_id: string; content: string };
}

const rate = (messageId: string, body: unknown) =>
  request(harness.app)
    .put(`/api/messages/${messageId}/feedback`)
    .send(body as object);

/** /metrics에서 읽은 chatbot_message_feedback_total의 값 (해당 라벨 조합이 없으면 0). */
async function feedbackCount(labels: { rating: string; model: string; provider: string }): Promise<number> {
  const metrics = await request(harness.app).get("/metrics");
  expect(metrics.status).toBe(200);
  const wanted = Object.entries(labels).map(([name, value]) => `${name}="${value}"`);
  const line = metrics.text.split("\n").find((text) => text.startsWith("chatbot_message_feedback_total{") && wanted.every((pair) => text.includes(pair)));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

const asOtherTenant = (method: string, body: Record<string, unknown>) =>
  callUnary(harness.channels.session, "session", method as "AppendMessage", { tenant_id: OTHER_TENANT, ...body } as never);

describe("PUT /api/messages/{id}/feedback", () => {
  it("rates up then down: stored once as down, shown in the message listing, counted with model and provider", async () => {
    const turn = await chatTurn("연차는 며칠인가요?");
    const labels = { model: "test-model", provider: "openai" };
    const upBefore = await feedbackCount({ rating: "up", ...labels });
    const downBefore = await feedbackCount({ rating: "down", ...labels });

    const up = await rate(turn.message_id, { rating: "up" });
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ rating: "up", comment: null, updated_at: expect.any(String) });

    const down = await rate(turn.message_id, { rating: "down", comment: "연차 일수가 틀렸어요. 15일입니다 📅" });
    expect(down.status).toBe(200);
    expect(down.body).toEqual({ rating: "down", comment: "연차 일수가 틀렸어요. 15일입니다 📅", updated_at: expect.any(String) });
    // 같은 평가를 다시 보내도(재시도) 평가 시각만 바뀌고, 지표는 다시 세지 않는다.
    const again = await rate(turn.message_id, { rating: "down", comment: "연차 일수가 틀렸어요. 15일입니다 📅" });
    expect(again.status).toBe(200);

    const rows = await harness.sql.query<{ rating: string }>(`SELECT rating FROM ${harness.schema}.message_feedback WHERE message_id = $1`, [turn.message_id]);
    expect(rows.rows).toEqual([{ rating: "down" }]);

    const listed = await request(harness.app).get(`/api/sessions/${turn.session_id}/messages`);
    expect(listed.status).toBe(200);
    expect(listed.body.messages.map((message: { role: string; feedback: unknown }) => [message.role, message.feedback])).toEqual([
      ["user", null],
      ["assistant", { rating: "down", comment: "연차 일수가 틀렸어요. 15일입니다 📅", updated_at: again.body.updated_at }],
    ]);

    expect(await feedbackCount({ rating: "up", ...labels })).toBe(upBefore + 1);
    expect(await feedbackCount({ rating: "down", ...labels })).toBe(downBefore + 1);
  });

  it("answers 422 for a user message, 409 for a reply still being generated, and stores nothing", async () => {
    const turn = await chatTurn("질문은 평가할 수 없죠?");
    const messages = await request(harness.app).get(`/api/sessions/${turn.session_id}/messages`);
    const question = messages.body.messages[0] as { message_id: string; role: string };
    expect(question.role).toBe("user");
    const refused = await rate(question.message_id, { rating: "up" });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("message_not_rateable");

    const streamingId = randomUUID();
    await callUnary(harness.channels.session, "session", "AppendMessage", {
      tenant_id: TENANT,
      session_id: turn.session_id,
      role: "assistant",
      content: "",
      status: "streaming",
      message_id: streamingId,
    });
    const busy = await rate(streamingId, { rating: "down" });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe("message_streaming");

    const rows = await harness.sql.query(`SELECT 1 FROM ${harness.schema}.message_feedback WHERE message_id IN ($1, $2)`, [question.message_id, streamingId]);
    expect(rows.rows).toHaveLength(0);
  });

  it("answers 404 with the same error for an unknown id, a malformed id and another tenant's answer", async () => {
    const session = await asOtherTenant("CreateSession", { metadata_json: "" });
    const foreign = await asOtherTenant("AppendMessage", { session_id: (session as { session_id: string }).session_id, role: "assistant", content: "남의 답변" });
    const foreignId = (foreign as { message_id: string }).message_id;
    const answers = await Promise.all([rate(randomUUID(), { rating: "up" }), rate("메시지", { rating: "up" }), rate(foreignId, { rating: "up" })]);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ error: { code: "message_not_found", message: "Message not found" }, request_id: expect.any(String) });
    }
    const removed = await request(harness.app).delete(`/api/messages/${foreignId}/feedback`);
    expect(removed.status).toBe(404);
    const rows = await harness.sql.query(`SELECT 1 FROM ${harness.schema}.message_feedback WHERE message_id = $1`, [foreignId]);
    expect(rows.rows).toHaveLength(0);
  });

  it("answers 422 naming the field for a bad body, and 415 for a body that is not JSON", async () => {
    const turn = await chatTurn("평가 본문 검사");
    for (const [body, field] of [
      [{}, "rating"],
      [{ rating: "좋아요" }, "rating"],
      [{ rating: "up", comment: 5 }, "comment"],
      [{ rating: "up", comment: "가".repeat(FEEDBACK_COMMENT_MAX_CHARACTERS + 1) }, "comment"],
      [{ rating: "up", comment: "널 문자\u0000" }, "comment"],
    ] as const) {
      const response = await rate(turn.message_id, body);
      expect([JSON.stringify(body).slice(0, 40), response.status]).toEqual([JSON.stringify(body).slice(0, 40), 422]);
      expect(response.body.error.details).toEqual([expect.objectContaining({ field })]);
    }
    const text = await request(harness.app).put(`/api/messages/${turn.message_id}/feedback`).set("content-type", "text/plain").send("up");
    expect(text.status).toBe(415);
    const longest = await rate(turn.message_id, { rating: "up", comment: "가".repeat(FEEDBACK_COMMENT_MAX_CHARACTERS) });
    expect(longest.status).toBe(200);
  });
});

describe("DELETE /api/messages/{id}/feedback", () => {
  it("clears the rating (204), also when there is none", async () => {
    const turn = await chatTurn("지워 볼게요");
    expect((await rate(turn.message_id, { rating: "up", comment: "좋아요" })).status).toBe(200);
    expect((await request(harness.app).delete(`/api/messages/${turn.message_id}/feedback`)).status).toBe(204);
    expect((await request(harness.app).delete(`/api/messages/${turn.message_id}/feedback`)).status).toBe(204);
    const listed = await request(harness.app).get(`/api/sessions/${turn.session_id}/messages`);
    expect(listed.body.messages[1].feedback).toBeNull();
    const review = await request(harness.app).get("/api/feedback").query({ limit: 200 });
    expect(review.body.items.map((item: { message_id: string }) => item.message_id)).not.toContain(turn.message_id);
  });
});

describe("GET /api/feedback", () => {
  it("pages the tenant's ratings newest first, filters by rating, and shows each answer with its question", async () => {
    const rated: { id: string; question: string; rating: "up" | "down" }[] = [];
    const session = (await request(harness.app).post("/api/sessions").send({})).body.session_id as string;
    for (const [index, question] of ["휴가 신청은 어디서 하나요?", "출장비 정산 기한은?", "재택근무 규정 알려 주세요", "보안 교육은 필수인가요?"].entries()) {
      const turn = await chatTurn(question, session);
      const rating = index % 2 === 0 ? "up" : "down";
      expect((await rate(turn.message_id, { rating, comment: `의견 ${index}` })).status).toBe(200);
      rated.push({ id: turn.message_id, question, rating });
    }
    // 다른 테넌트의 평가는 목록에 나오지 않는다.
    const otherSession = (await asOtherTenant("CreateSession", { metadata_json: "" })) as { session_id: string };
    const otherAnswer = (await asOtherTenant("AppendMessage", { session_id: otherSession.session_id, role: "assistant", content: "비밀 답변" })) as {
      message_id: string;
    };
    await asOtherTenant("SetFeedback", { message_id: otherAnswer.message_id, rating: "down", comment: "남의 의견" });

    const newestFirst = [...rated].reverse();
    const seen: { message_id: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(harness.app)
        .get("/api/feedback")
        .query({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.next_cursor;
      // 이 테스트의 평가 네 건이 모두 나오면 충분하다 (앞선 테스트의 평가가 뒤에 있다).
    } while (cursor && seen.length < newestFirst.length);
    expect(seen.slice(0, newestFirst.length).map((item) => item.message_id)).toEqual(newestFirst.map((item) => item.id));
    expect(JSON.stringify(seen)).not.toContain("남의 의견");

    const first = seen[0] as unknown as Record<string, unknown>;
    expect(first).toEqual({
      message_id: newestFirst[0]!.id,
      session_id: session,
      rating: "down",
      comment: "의견 3",
      updated_at: expect.any(String),
      model: "test-model",
      provider: "openai",
      answer: expect.any(String),
      question: { message_id: expect.any(String), content: "보안 교육은 필수인가요?", created_at: expect.any(String) },
    });
    expect((first.answer as string).length).toBeGreaterThan(0);

    const downs = await request(harness.app).get("/api/feedback").query({ rating: "down", limit: 200 });
    expect(downs.status).toBe(200);
    expect(downs.body.items.every((item: { rating: string }) => item.rating === "down")).toBe(true);
    const downIds = downs.body.items.map((item: { message_id: string }) => item.message_id);
    expect(downIds).toEqual(expect.arrayContaining(rated.filter((item) => item.rating === "down").map((item) => item.id)));
    expect(downIds).not.toEqual(expect.arrayContaining([rated[0]!.id]));
  });

  it("answers 422 for a cursor it did not hand out, a rating other than up or down, and a limit out of range", async () => {
    for (const [query, field] of [
      [{ cursor: "엉터리-커서" }, "cursor"],
      [{ rating: "meh" }, "rating"],
      [{ limit: "0" }, "limit"],
      [{ limit: "201" }, "limit"],
    ] as const) {
      const response = await request(harness.app).get("/api/feedback").query(query);
      expect([query, response.status]).toEqual([query, 422]);
      expect(response.body.error.details).toEqual([expect.objectContaining({ field })]);
    }
  });
});

describe("OpenAPI", () => {
  it("documents the feedback routes and the feedback on messages", async () => {
    const spec = (await request(harness.app).get("/openapi.json")).body;
    expect(Object.keys(spec.paths["/api/messages/{message_id}/feedback"]).sort()).toEqual(["delete", "put"]);
    expect(spec.paths["/api/messages/{message_id}/feedback"].put.responses).toEqual(
      expect.objectContaining({ 200: expect.anything(), 404: expect.anything(), 409: expect.anything(), 422: expect.anything() }),
    );
    expect(spec.paths["/api/feedback"].get.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual(["cursor", "limit", "rating"]);
    expect(spec.components.schemas.Message.properties.feedback).toBeDefined();
  });
});
