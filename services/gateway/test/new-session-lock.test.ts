import request from "supertest";
import { waitFor } from "@chatbot/testkit";
import type { SessionClient } from "../src/domain/sessions/session.client";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { postJson, readSse } from "./support/sse-client";

/**
 * A chat without a session id creates one, and the session is locked from the stream's first
 * event: a second chat naming it while the first reply streams is refused. The gateway chooses
 * the new session's id so that it can take the lock while the turn is stored; a session service
 * that predates that (it ignores `new_session_id` and picks its own) must get the same guarantee.
 */
const sessionServices: [string, ((client: SessionClient) => SessionClient) | undefined][] = [
  ["a session service that takes the gateway's id", undefined],
  ["a session service that picks its own id", (client) => ({ ...client, beginTurn: (turn, options) => client.beginTurn({ ...turn, new_session_id: "" }, options) })],
];

describe.each(sessionServices)("a new session's lock, with %s", (_, wrapSessionClient) => {
  let harness: GatewayHarness;
  let baseUrl: string;

  beforeAll(async () => {
    harness = await startGatewayHarness({}, wrapSessionClient ? { wrapSessionClient } : {});
    baseUrl = await harness.listen();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("refuses a second chat naming the new session while its first reply streams, and accepts one after", async () => {
    harness.upstream.configure({ tokens: 40, tokenIntervalMs: 20 });
    let sessionId: string | undefined;
    const first = readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "새 세션에서 길게 답해 주세요" }), {
      onEvent: (event) => (sessionId ??= event.data.session_id as string | undefined),
    });
    await waitFor(() => sessionId, { what: "the first event, naming the new session" });

    const second = await request(harness.app).post("/api/chat").send({ session_id: sessionId, message: "끼어들기" });
    expect([second.status, second.body.error?.code]).toEqual([409, "generation_in_progress"]);

    const streamed = await first;
    expect(streamed.events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "stop" });
    const after = await request(harness.app).post("/api/chat").send({ session_id: sessionId, message: "이제 다음 질문" });
    expect(after.status).toBe(200);
    expect(after.body.session_id).toBe(sessionId);
  });
});
