import { loadIngestConfig, startIngestService } from "@chatbot/ingest";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { replyText, reportMeasurement, scaledTimeout, startDisposablePostgres, testLogger, uniqueName, waitFor } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "../../services/gateway/test/support/gateway-harness";
import { postJson, readSse } from "../../services/gateway/test/support/sse-client";
import { createExpirySweeper, type ExpirySweeper } from "../../services/session/src/domain/expiry-sweeper";
import { createSqlSessionStore } from "../../services/session/src/storage/sql-session.store";
import { timedJson, type TimedResponse } from "./support/http";
import { OutagePostgres } from "./support/postgres-outage";

/**
 * The Postgres behind the session and ingest services goes away and comes back while
 * every service keeps running: requests fail fast with a typed 503 meanwhile, and
 * everything works again afterwards without restarting anything.
 */

const QUESTION = "안녕하세요, 반갑습니다";
const FAST_MS = scaledTimeout(2000);

let pg: OutagePostgres;
let ingest: ServiceHandle;
let harness: GatewayHarness;
let url: string;
let sessionId: string;
let messagesBefore: Array<Record<string, any>>;
const sweeperLogger = testLogger("sweeper");
const sweeperWarnings = jest.spyOn(sweeperLogger, "warn");
let sweeps = 0;
let sweeper: ExpirySweeper | undefined;
const measured: Record<string, unknown> = {};

beforeAll(async () => {
  pg = new OutagePostgres(await startDisposablePostgres());
  // Its own Postgres client built from DATABASE_URL, as in production.
  ingest = await startIngestService(
    loadIngestConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", LOG_LEVEL: "silent", DATABASE_URL: pg.url }),
    { logger: testLogger("ingest"), registry: createMetricsRegistry({ collectDefaults: false }) },
    { schema: uniqueName("fault_ingest") },
  );
  harness = await startGatewayHarness({ INGEST_ADDR: ingest.address }, { postgresUrl: pg.url });
  url = await harness.listen();
  // The session service's own sweeper runs hourly here; this one sweeps the same schema
  // through the same pool often enough to see it fail and carry on. Nothing is expired,
  // so it deletes nothing.
  sweeper = createExpirySweeper({
    store: createSqlSessionStore(harness.sql, harness.schema),
    now: () => new Date(),
    intervalMs: 100,
    logger: sweeperLogger,
    onSwept: () => void (sweeps += 1),
  });
  sweeper.start();
}, scaledTimeout(30_000));

afterAll(async () => {
  try {
    await sweeper?.stop();
    await pg?.ensureRunning();
    await harness?.close();
    await ingest?.stop();
  } finally {
    await pg?.server.dispose();
  }
  reportMeasurement("postgres-restart (ms)", measured);
}, scaledTimeout(30_000));

/** The standard error shape with the typed code; `name` makes a failure say which call it was. */
function expectDatabaseUnavailable(name: string, result: Omit<TimedResponse, "ms">): void {
  expect({ name, status: result.status, body: result.body }).toEqual({
    name,
    status: 503,
    body: { error: { code: "database_unavailable", message: expect.any(String) }, request_id: expect.any(String) },
  });
}

function expectFastDatabaseUnavailable(name: string, result: TimedResponse): void {
  expectDatabaseUnavailable(name, result);
  expect({ name, fast: result.ms < FAST_MS }).toEqual({ name, fast: true });
}

async function timedSse(target: string, init: RequestInit = {}): Promise<TimedResponse> {
  const started = performance.now();
  const stream = await readSse(target, init);
  return { status: stream.status, body: stream.body ?? { events: stream.events }, ms: Math.round(performance.now() - started) };
}

/** Every Postgres-backed call a user makes, each timed. */
async function userCalls(): Promise<Record<string, TimedResponse>> {
  const query = new URLSearchParams({ session_id: sessionId, message: QUESTION });
  return {
    createSession: await timedJson(`${url}/api/sessions`, postJson({ metadata: { 사용자: "이서연" } })),
    getSession: await timedJson(`${url}/api/sessions/${sessionId}`),
    listMessages: await timedJson(`${url}/api/sessions/${sessionId}/messages`),
    chat: await timedJson(`${url}/api/chat`, postJson({ session_id: sessionId, message: QUESTION })),
    chatNewSession: await timedJson(`${url}/api/chat`, postJson({ message: QUESTION })),
    chatStream: await timedSse(`${url}/api/chat/stream`, postJson({ session_id: sessionId, message: QUESTION })),
    chatStreamGet: await timedSse(`${url}/api/chat/stream?${query}`),
    listDocuments: await timedJson(`${url}/api/documents`),
  };
}

async function health(): Promise<TimedResponse> {
  return timedJson(`${url}/api/health`);
}

describe("Postgres restarted under the running services", () => {
  it("works before the outage: a session with a Korean chat in it", async () => {
    expect((await health()).status).toBe(200);
    const created = await timedJson(`${url}/api/sessions`, postJson({ metadata: { 사용자: "김민지" } }));
    expect(created.status).toBe(201);
    sessionId = created.body.session_id;

    const chat = await timedJson(`${url}/api/chat`, postJson({ session_id: sessionId, message: QUESTION }));
    expect(chat.status).toBe(200);
    expect(chat.body.content.length).toBeGreaterThan(0);
    const stream = await readSse(`${url}/api/chat/stream`, postJson({ session_id: sessionId, message: "오늘 날씨는 어때요?" }));
    expect(stream.status).toBe(200);
    expect(stream.events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "stop" });

    const messages = await timedJson(`${url}/api/sessions/${sessionId}/messages`);
    messagesBefore = messages.body.messages;
    expect(messagesBefore.map((message) => [message.role, message.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    expect(messagesBefore[0]!.content).toBe(QUESTION);
    await waitFor(() => sweeps > 0, { what: "a first sweep" });
  });

  it("answers 503 database_unavailable fast on every call while Postgres is down, and health names the database", async () => {
    measured.stop = await pg.stop();

    const calls = await userCalls();
    for (const [name, result] of Object.entries(calls)) expectFastDatabaseUnavailable(name, result);
    measured.outageCalls = Object.fromEntries(Object.entries(calls).map(([name, result]) => [name, result.ms]));

    // A burst larger than the pool must not queue behind connection attempts either.
    const burst = await Promise.all(Array.from({ length: 25 }, () => timedJson(`${url}/api/sessions/${sessionId}`)));
    for (const [index, result] of burst.entries()) expectFastDatabaseUnavailable(`burst ${index}`, result);
    measured.burst25Max = Math.max(...burst.map((result) => result.ms));

    const down = await health();
    expect(down.status).toBe(503);
    expect(down.ms).toBeLessThan(FAST_MS);
    expect(down.body.status).toBe("degraded");
    expect(down.body.stores["session.postgres"]).toMatchObject({ status: "down", kind: "postgres" });
    expect(down.body.stores["ingest.postgres"]).toMatchObject({ status: "down", kind: "postgres" });
    // The processes are up; only their database is not.
    for (const name of ["session", "ingest", "retrieval", "llm-proxy"]) expect(down.body.services[name].status).toBe("ok");
    measured.health = down.ms;

    // The sweeper reports the failure and keeps its schedule.
    const warning = await waitFor(() => sweeperWarnings.mock.calls.find(([fields]) => (fields as any)?.err?.code === "database_unavailable"), {
      what: "the sweeper to report the outage",
    });
    expect(warning[1]).toMatch(/sweep failed/);
  });

  it("works again once Postgres is back, with the data from before, without restarting any service", async () => {
    measured.start = await pg.start();
    const back = performance.now();
    await waitFor(async () => (await timedJson(`${url}/api/sessions/${sessionId}`)).status === 200, {
      timeoutMs: 10_000,
      intervalMs: 10,
      what: "the session to be readable again",
    });
    measured.recoveryAfterStart = Math.round(performance.now() - back);

    const session = await timedJson(`${url}/api/sessions/${sessionId}`);
    expect(session.body).toMatchObject({ session_id: sessionId, metadata: { 사용자: "김민지" }, message_count: 4 });
    expect((await timedJson(`${url}/api/sessions/${sessionId}/messages`)).body.messages).toEqual(messagesBefore);

    const calls = await userCalls();
    expect(Object.fromEntries(Object.entries(calls).map(([name, result]) => [name, result.status]))).toEqual({
      createSession: 201,
      getSession: 200,
      listMessages: 200,
      chat: 200,
      chatNewSession: 200,
      chatStream: 200,
      chatStreamGet: 200,
      listDocuments: 200,
    });
    expect(calls.chatStream!.body.events.at(-1).data).toMatchObject({ done: true });
    expect(calls.chatStreamGet!.body.events.at(-1).data).toMatchObject({ done: true });
    const after = await timedJson(`${url}/api/sessions/${sessionId}/messages?limit=200`);
    expect(after.body.messages.map((message: { status: string }) => message.status)).toEqual(Array(10).fill("complete"));

    await waitFor(async () => (await health()).status === 200, { what: "health to be 200 again" });
    const sweepsBack = sweeps;
    await waitFor(() => sweeps > sweepsBack, { what: "the sweeper to sweep again" });
  });

  it("finishes replies that are being generated when Postgres goes away, and stores them once it is back", async () => {
    const other = await timedJson(`${url}/api/sessions`, postJson({}));
    const question = "데이터베이스가 멈추면 어떻게 되나요?";
    harness.upstream.configure({ tokens: 30, tokenIntervalMs: 40 });
    try {
      const requestsBefore = harness.upstream.requests.length;
      const started = performance.now();
      const streaming = readSse(`${url}/api/chat/stream`, postJson({ session_id: sessionId, message: question }));
      const answering = timedJson(`${url}/api/chat`, postJson({ session_id: other.body.session_id, message: question }));
      await waitFor(() => [0, 1].every((offset) => (harness.upstream.requests[requestsBefore + offset]?.tokensSent ?? 0) >= 3), {
        timeoutMs: 5000,
        what: "both replies to be generating",
      });
      await pg.stop();
      const stopped = performance.now();
      const [stream, json] = await Promise.all([streaming, answering]);
      measured.inflightStreamTotal = Math.round(performance.now() - started);
      measured.inflightEndAfterStop = Math.round(performance.now() - stopped);

      // The whole reply reaches the reader and ends as the reply did; storing it waits for Postgres.
      expect(stream.status).toBe(200);
      const text = stream.events.map((event) => event.data.chunk ?? "").join("");
      expect(text).toBe(replyText(30));
      expect(stream.events.at(-1)!.data).toMatchObject({ done: true });
      expect(json.status).toBe(200);
      expect(json.body.content).toBe(replyText(30));

      await pg.start();
      // Both replies are stored whole by the gateway's retries, without anyone asking again.
      for (const [session, messageId] of [
        [sessionId, stream.events[0]!.data.message_id as string],
        [other.body.session_id as string, json.body.message_id as string],
      ] as const) {
        const reply = await waitFor(
          async () => {
            const result = await timedJson(`${url}/api/sessions/${session}/messages?limit=200`);
            if (result.status !== 200) return undefined;
            const found = (result.body.messages as Array<Record<string, any>>).find((message) => message.message_id === messageId);
            return found?.status === "complete" ? found : undefined;
          },
          { timeoutMs: 20_000, what: "the reply to be stored once Postgres is back" },
        );
        expect(reply).toMatchObject({ role: "assistant", status: "complete", content: replyText(30) });
      }
    } finally {
      harness.upstream.configure({ tokens: 12, tokenIntervalMs: 0 });
    }
    // The session is not left locked by the generation.
    const next = await timedJson(`${url}/api/chat`, postJson({ session_id: sessionId, message: "다시 물어볼게요" }));
    expect(next.status).toBe(200);
  });

  it("fails a transaction cut by the restart with database_unavailable, without taking the service down", async () => {
    const cut = harness.sql
      .transaction(async (tx) => {
        await tx.query("SELECT pg_sleep(30)");
      })
      .then(
        () => "committed",
        (error: unknown) => error,
      );
    await waitFor(
      async () => {
        const active = await harness.sql.query("SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()");
        return active.rowCount > 0;
      },
      { what: "the transaction to be running" },
    );
    await pg.stop();
    expect(await cut).toMatchObject({ kind: "unavailable", code: "database_unavailable" });
    await pg.start();
    await waitFor(async () => (await timedJson(`${url}/api/sessions/${sessionId}`)).status === 200, {
      timeoutMs: 10_000,
      what: "the session service to answer again",
    });
    const committed = await harness.sql.transaction(async (tx) => (await tx.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one);
    expect(committed).toBe(1);
  });
});
