import request from "supertest";
import { replyToken, waitFor } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness, type GatewayInstance } from "./support/gateway-harness";
import { postJson, readChatStream, readSse } from "./support/sse-client";

let harness: GatewayHarness;
let second: GatewayInstance;
let firstUrl: string;
let secondUrl: string;

beforeAll(async () => {
  harness = await startGatewayHarness({}, { redis: true });
  second = await harness.secondInstance();
  firstUrl = await harness.listen();
  secondUrl = await second.listen();
});
afterAll(() => harness.close());

const expectedReply = (tokens: number) => Array.from({ length: tokens }, (_, index) => replyToken(index)).join("");

describe("chat across gateway instances (Redis)", () => {
  it("resumes on another instance a stream started on the first, with no gap or duplicate", async () => {
    harness.upstream.configure({ tokens: 24, tokenIntervalMs: 15 });
    const partial = await readSse(`${firstUrl}/api/chat/stream`, postJson({ message: "다른 서버에서 이어 볼게요." }), { stopAfter: 5 });
    const messageId = partial.events[0]!.data.message_id as string;
    const resumed = await readSse(`${secondUrl}/api/chat/streams/${messageId}`, {
      headers: { "last-event-id": String(partial.events.at(-1)!.id) },
    });
    const all = [...partial.events, ...resumed.events];
    expect(all.map((event) => event.id)).toEqual(all.map((_, index) => index + 1));
    expect(
      all
        .filter((event) => "chunk" in event.data)
        .map((event) => event.data.chunk)
        .join(""),
    ).toBe(expectedReply(24));
    expect(all.at(-1)!.data).toMatchObject({ done: true, finish_reason: "stop" });
  });

  it("replays a finished stream from another instance", async () => {
    harness.upstream.configure({ tokens: 6, tokenIntervalMs: 0 });
    const done = await request(harness.app).post("/api/chat").send({ message: "끝난 스트림도 다시 볼 수 있나요?" });
    const replay = await waitFor(async () => {
      const result = await readSse(`${secondUrl}/api/chat/streams/${done.body.message_id}?after=0`);
      return result.events.at(-1)?.data.done ? result : undefined;
    });
    expect(
      replay.events
        .filter((event) => "chunk" in event.data)
        .map((event) => event.data.chunk)
        .join(""),
    ).toBe(done.body.content);
  });

  it("stops from another instance: the upstream call is cancelled and the reply stored as interrupted", async () => {
    harness.upstream.reset();
    harness.upstream.configure({ tokens: 300, tokenIntervalMs: 25 });
    // Stopped with the id its stream announced: the stream is shared from then on.
    const { result: watching, started } = readChatStream(`${firstUrl}/api/chat/stream`, postJson({ message: "멈출 때까지 계속 말해 주세요." }));
    const upstreamRequest = await waitFor(() => harness.upstream.requests.find((recorded) => recorded.tokensSent >= 2));
    const { messageId } = await started;
    const stop = await request(second.app).post(`/api/chat/streams/${messageId}/stop`);
    expect(stop.status).toBe(202);
    await waitFor(() => upstreamRequest.closedEarly, { timeoutMs: 1000, what: "upstream closed" });
    const result = await watching;
    expect(result.events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "interrupted" });
    const stored = await request(harness.app).get(`/api/sessions/${result.events[0]!.data.session_id}/messages`);
    expect(stored.body.messages.at(-1)).toMatchObject({ message_id: messageId, status: "interrupted" });
  });

  it("refuses a concurrent generation on the same session started through another instance", async () => {
    harness.upstream.configure({ tokens: 40, tokenIntervalMs: 20 });
    const created = await request(harness.app).post("/api/sessions");
    const sessionId = created.body.session_id as string;
    const first = readSse(`${firstUrl}/api/chat/stream`, postJson({ session_id: sessionId, message: "첫 번째 서버" }));
    await waitFor(async () => {
      const rows = await harness.sql.query(`SELECT 1 FROM ${harness.schema}.messages WHERE session_id = $1 AND status = 'streaming'`, [sessionId]);
      return rows.rowCount > 0;
    });
    const conflict = await request(second.app).post("/api/chat").send({ session_id: sessionId, message: "두 번째 서버" });
    expect(conflict.status).toBe(409);
    await first;
  });
});
