import request from "supertest";
import { createPostgresClient, type SqlClient } from "@chatbot/sql";
import { replyText, testStores, waitFor } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

// A new session's prompt is just its question, so the reply is generated while the turn is stored.
let harness: GatewayHarness;
let admin: SqlClient;

beforeAll(async () => {
  harness = await startGatewayHarness();
  admin = createPostgresClient({ connectionString: testStores.postgresUrl });
});
afterAll(async () => {
  await admin.close();
  await harness.close();
});
beforeEach(() => {
  harness.upstream.reset();
  harness.upstream.configure({ tokens: 12, tokenIntervalMs: 0, latencyMs: 0 });
});

/** Holds a lock that makes every new session's insert wait until `release` is called. */
async function holdSessionInserts() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const transaction = admin.transaction(async (tx) => {
    await tx.query(`LOCK TABLE ${harness.schema}.sessions IN EXCLUSIVE MODE`);
    locked();
    await released;
  });
  await isLocked;
  return { release: () => (release(), transaction) };
}

const sessionsStored = async () => Number((await admin.query<{ count: string }>(`SELECT count(*) AS count FROM ${harness.schema}.sessions`)).rows[0]!.count);

describe("a new session's first chat", () => {
  it("asks the LLM while its question is still being stored, and answers once both are done", async () => {
    const before = await sessionsStored();
    const lock = await holdSessionInserts();
    let answered = false;
    const chat = request(harness.app)
      .post("/api/chat")
      .send({ message: "처음 묻는 질문이에요. 답해 주세요." })
      .then((response) => ((answered = true), response));
    try {
      // The upstream is asked while the insert of the session waits for the lock.
      await waitFor(() => harness.upstream.requests.length === 1, { what: "the Generate request upstream", timeoutMs: 3000 });
      expect(answered).toBe(false);
      expect(await sessionsStored()).toBe(before);
    } finally {
      await lock.release();
    }

    const response = await chat;
    expect(response.status).toBe(200);
    expect(response.body.content).toBe(replyText(12));
    const messages = await request(harness.app).get(`/api/sessions/${response.body.session_id}/messages`);
    expect(messages.body.messages.map((message: { role: string; content: string }) => [message.role, message.content])).toEqual([
      ["user", "처음 묻는 질문이에요. 답해 주세요."],
      ["assistant", replyText(12)],
    ]);
    const sent = harness.upstream.requests[0]!.body as { messages: { role: string; content: string }[] };
    expect(sent.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(sent.messages[1]!.content).toBe("처음 묻는 질문이에요. 답해 주세요.");
  });

  it("cancels that LLM call when the question cannot be stored, and stores nothing", async () => {
    const before = await sessionsStored();
    harness.upstream.configure({ tokens: 200, tokenIntervalMs: 20, latencyMs: 0 });
    const lock = await holdSessionInserts();
    const chat = request(harness.app).post("/api/chat").send({ message: "저장되지 못할 질문입니다." });
    const answer = chat.then((response) => response);
    try {
      await waitFor(() => harness.upstream.requests.length === 1, { what: "the Generate request upstream", timeoutMs: 3000 });
      // The session service's waiting insert loses its database connection.
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`%${harness.schema}.sessions%`]);
      const response = await answer;
      expect(response.status).toBe(503);
      expect(response.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      await waitFor(() => harness.upstream.requests[0]!.closedEarly, { what: "the upstream call closed" });
    } finally {
      await lock.release();
    }
    expect(await sessionsStored()).toBe(before);
  });
});
