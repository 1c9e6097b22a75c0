import request from "supertest";
import { scaledTimeout, waitFor } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { postJson, readSse } from "./support/sse-client";

/**
 * A gateway whose stream log holds one stream: while a reply streams, a new chat is
 * refused with 503 `stream_capacity_exhausted` before anything is stored; once the reply
 * has finished, its stream makes way for the next chat.
 */
let harness: GatewayHarness;
let baseUrl: string;

beforeAll(async () => {
  harness = await startGatewayHarness({ STREAM_LOG_MAX_STREAMS: "1" });
  baseUrl = await harness.listen();
});
afterAll(() => harness.close());

async function storedQuestions(content: string): Promise<number> {
  const rows = await harness.sql.query<{ count: string }>(`SELECT count(*) AS count FROM ${harness.schema}.messages WHERE content = $1`, [content]);
  return Number(rows.rows[0]!.count);
}

it(
  "answers 503 stream_capacity_exhausted while running streams fill the log, and admits once one has finished",
  async () => {
    harness.upstream.configure({ tokens: 2000, tokenIntervalMs: 20, latencyMs: 0 });
    const running = readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "아주 긴 이야기를 해 주세요.", use_rag: false }));
    await waitFor(() => harness.upstream.requests.find((recorded) => recorded.tokensSent >= 3), { what: "the first reply streaming", timeoutMs: 15_000 });

    const refusedQuestion = "지금은 자리가 없나요?";
    for (const path of ["/api/chat/stream", "/api/chat"]) {
      const refused = await request(harness.app).post(path).send({ message: refusedQuestion, use_rag: false });
      expect(refused.status).toBe(503);
      expect(refused.headers["retry-after"]).toBe("1");
      expect(refused.body.error).toMatchObject({ code: "stream_capacity_exhausted", message: expect.any(String) });
    }
    expect(await storedQuestions(refusedQuestion)).toBe(0);

    const reserved = await harness.sql.query<{ id: string }>(`SELECT id FROM ${harness.schema}.messages WHERE status = 'streaming'`);
    const messageId = reserved.rows[0]!.id;
    await request(harness.app).post(`/api/chat/streams/${messageId}/stop`).expect(202);
    const stopped = await running;
    expect(stopped.events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "interrupted" });

    harness.upstream.configure({ tokens: 5, tokenIntervalMs: 0, latencyMs: 0 });
    const admitted = await request(harness.app).post("/api/chat").send({ message: "이제는 되나요?", use_rag: false });
    expect(admitted.status).toBe(200);
  },
  scaledTimeout(60_000),
);

it(
  "stores the reserved reply of a chat admitted together with another that took the last room as failed, not left unfinished",
  async () => {
    harness.upstream.configure({ tokens: 2000, tokenIntervalMs: 20, latencyMs: 0 });
    const ask = (message: string) =>
      harness.chat.start({
        tenantId: "default",
        requestId: message,
        message,
        maxNewTokens: 2000,
        temperature: 0,
        doSample: false,
        stop: [],
        useRag: false,
        k: 4,
        filters: {},
      });
    // Both are admitted before either has opened its stream; only one stream fits.
    const [first, second] = await Promise.allSettled([ask("첫 번째 질문입니다."), ask("두 번째 질문입니다.")]);
    const started = [first, second].find((outcome) => outcome.status === "fulfilled");
    const refused = [first, second].find((outcome) => outcome.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "stream_capacity_exhausted" });
    const refusedQuestion = refused === first ? "첫 번째 질문입니다." : "두 번째 질문입니다.";

    const reply = await waitFor(
      async () => {
        const rows = await harness.sql.query<{ status: string; error_code: string; content: string }>(
          `SELECT reply.status, reply.error_code, reply.content FROM ${harness.schema}.messages question
         JOIN ${harness.schema}.messages reply ON reply.session_id = question.session_id AND reply.role = 'assistant'
         WHERE question.content = $1`,
          [refusedQuestion],
        );
        return rows.rows[0]?.status === "failed" ? rows.rows[0] : undefined;
      },
      { what: "the refused chat's reply stored failed", timeoutMs: 15_000 },
    );
    expect(reply).toEqual({ status: "failed", error_code: "stream_capacity_exhausted", content: "" });

    const running = (started as PromiseFulfilledResult<{ messageId: string; done: Promise<unknown> }>).value;
    await harness.chat.stop(running.messageId, "default");
    await running.done;
  },
  scaledTimeout(60_000),
);
