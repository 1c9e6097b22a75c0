import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppError } from "@chatbot/core";
import { callUnary, checkHealth, createClient, createHealthClient, protos, type sessionV1 } from "@chatbot/grpc";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPostgresClient, type SqlClient } from "@chatbot/sql";
import { MESSAGE_MAX_CHARACTERS } from "@chatbot/core";
import { scaledTimeout, spacelessHangul, testLogger, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { countTextTokens } from "@chatbot/tokens";
import { loadSessionConfig, startSessionService, SESSION_SERVICE_NAME } from "../src";
import { HOUR_MS, createTestClock } from "./support/databases";

const TENANT = "테넌트-1";

function configFor(extra: Record<string, string> = {}) {
  return loadSessionConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", ...extra });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("session gRPC service on postgres", () => {
  const schema = uniqueName("session_grpc");
  const registry = createMetricsRegistry({ collectDefaults: false });
  const clock = createTestClock();
  let handle: ServiceHandle;
  let client: sessionV1.Client;

  beforeAll(async () => {
    handle = await startSessionService(
      configFor({ DATABASE_URL: testStores.postgresUrl, SESSION_TIMEOUT_HOURS: "1", SESSION_SWEEP_INTERVAL_SECONDS: "1" }),
      { logger: testLogger("session"), registry },
      { schema, now: clock.now },
    );
    client = createClient(protos.session().SessionService, handle.address);
  });

  afterAll(async () => {
    client?.close();
    await handle?.stop();
    const sql = createPostgresClient({ connectionString: testStores.postgresUrl });
    await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await sql.close();
  });

  it("answers SERVING for the server and for the session service", async () => {
    const health = createHealthClient(handle.address);
    try {
      expect(await checkHealth(health, 2000)).toBe("SERVING");
      expect(await checkHealth(health, 2000, SESSION_SERVICE_NAME)).toBe("SERVING");
    } finally {
      health.close();
    }
  });

  it("creates a session, stores a conversation and lists it back over the wire", async () => {
    const metadata = { 주제: "여행 계획 ✈️" };
    const session = await callUnary(client, "session", "CreateSession", {
      tenant_id: TENANT,
      metadata_json: JSON.stringify(metadata),
    });
    expect(JSON.parse(session.metadata_json)).toEqual(metadata);
    const base = { tenant_id: TENANT, session_id: session.session_id };

    await callUnary(client, "session", "AppendMessage", { ...base, role: "user", content: "제주도 가고 싶어요 🍊" });
    const reserved = await callUnary(client, "session", "AppendMessage", { ...base, role: "assistant", content: "", status: "streaming" });
    const finalized = await callUnary(client, "session", "FinalizeMessage", {
      ...base,
      message_id: reserved.message_id,
      status: "complete",
      content: "좋아요! 🏝️ 한라산도 추천해요.",
      model: "local-1",
      token_usage: { prompt_tokens: 10, completion_tokens: 8, total_tokens: 18 },
      sources: [{ document_id: "doc-1", title: "제주 안내서", page: 2, chunk_index: 4, snippet: "한라산", score: 0.9 }],
      finish_reason: "stop",
    });
    expect(finalized).toMatchObject({ status: "complete", sequence: 2, token_usage: { total_tokens: 18 } });

    const page = await callUnary(client, "session", "ListMessages", { ...base, limit: 0 });
    expect(page.has_more).toBe(false);
    expect(page.messages.map((message) => [message.role, message.content])).toEqual([
      ["user", "제주도 가고 싶어요 🍊"],
      ["assistant", "좋아요! 🏝️ 한라산도 추천해요."],
    ]);
    expect(page.messages[0]!.token_usage).toBeFalsy();
    expect(page.messages[1]!.sources[0]).toMatchObject({ title: "제주 안내서", chunk_index: 4 });

    const context = await callUnary(client, "session", "GetContext", { ...base, max_messages: 0, token_budget: 0 });
    expect(context.messages).toHaveLength(2);
    expect(context.token_count).toBeGreaterThan(0);

    const read = await callUnary(client, "session", "GetSession", base);
    expect(read.message_count).toBe(2);

    await callUnary(client, "session", "DeleteSession", base);
    expect((await rejection(callUnary(client, "session", "GetSession", base))).kind).toBe("not_found");
  });

  it("carries branches over the wire: parents, sibling ids, the active message and a chosen branch", async () => {
    const first = await callUnary(client, "session", "BeginTurn", { tenant_id: TENANT, content: "점심 메뉴 추천해 주세요", assistant_message_id: randomUUID() });
    const base = { tenant_id: TENANT, session_id: first.session_id };
    await callUnary(client, "session", "FinalizeMessage", { ...base, message_id: first.assistant_message!.message_id, status: "complete", content: "김치찌개 어때요?" });
    const again = await callUnary(client, "session", "BeginTurn", {
      ...base,
      regenerate_message_id: first.assistant_message!.message_id,
      assistant_message_id: randomUUID(),
    });
    expect(again.user_message!.message_id).toBe(first.user_message!.message_id);
    expect(again.assistant_message!.parent_message_id).toBe(first.user_message!.message_id);
    expect(again.context.map((message) => message.content)).toEqual(["점심 메뉴 추천해 주세요"]);
    await callUnary(client, "session", "FinalizeMessage", { ...base, message_id: again.assistant_message!.message_id, status: "complete", content: "비빔밥 어때요?" });

    const page = await callUnary(client, "session", "ListMessages", base);
    expect(page.messages.map((message) => message.content)).toEqual(["점심 메뉴 추천해 주세요", "비빔밥 어때요?"]);
    expect(page.messages[0]!.parent_message_id).toBeUndefined();
    expect(page.messages[1]!.sibling_ids).toEqual([first.assistant_message!.message_id, again.assistant_message!.message_id]);
    const older = await callUnary(client, "session", "ListMessages", { ...base, message_id: first.assistant_message!.message_id });
    expect(older.messages.map((message) => message.content)).toEqual(["점심 메뉴 추천해 주세요", "김치찌개 어때요?"]);
    expect((await callUnary(client, "session", "GetSession", base)).active_message_id).toBe(again.assistant_message!.message_id);

    // AppendMessage: absent follows the active leaf, empty starts a new root.
    const next = await callUnary(client, "session", "AppendMessage", { ...base, role: "user", content: "저녁은요?" });
    expect(next.parent_message_id).toBe(again.assistant_message!.message_id);
    const root = await callUnary(client, "session", "AppendMessage", { ...base, role: "user", content: "새 대화", parent_message_id: "" });
    expect(root.parent_message_id).toBeUndefined();
    expect((await callUnary(client, "session", "ListMessages", base)).messages.map((message) => message.content)).toEqual(["새 대화"]);
  });

  it("answers not_found, never internal, for an id that is not a UUID", async () => {
    for (const request of [
      callUnary(client, "session", "GetSession", { tenant_id: TENANT, session_id: "not-a-uuid" }),
      callUnary(client, "session", "ListMessages", { tenant_id: TENANT, session_id: "세션" }),
      callUnary(client, "session", "DeleteSession", { tenant_id: TENANT, session_id: "" }),
    ]) {
      expect(await rejection(request)).toMatchObject({ kind: "not_found", code: "session_not_found" });
    }
    const session = await callUnary(client, "session", "CreateSession", { tenant_id: TENANT });
    const error = await rejection(callUnary(client, "session", "ListMessages", { tenant_id: TENANT, session_id: session.session_id, before: "커서" }));
    expect(error).toMatchObject({ kind: "not_found", code: "message_not_found" });
  });

  it("carries an owner and a title, lists sessions by activity a page at a time and sets a title", async () => {
    const tenantId = `테넌트-목록-${uniqueName("t")}`;
    const owned = await callUnary(client, "session", "CreateSession", { tenant_id: tenantId, user_id: "사용자-7", title: "첫 제목" });
    expect(owned).toMatchObject({ user_id: "사용자-7", title: "첫 제목", last_activity_at: owned.created_at });
    const bare = await callUnary(client, "session", "CreateSession", { tenant_id: tenantId });
    expect(bare.user_id ?? null).toBeNull();
    expect(bare.title ?? null).toBeNull();
    clock.advance(1000);
    await callUnary(client, "session", "AppendMessage", { tenant_id: tenantId, session_id: bare.session_id, role: "user", content: "  주문을   취소하고 싶어요 " });

    const first = await callUnary(client, "session", "ListSessions", { tenant_id: tenantId, limit: 1 });
    expect(first.sessions.map((session) => [session.session_id, session.title])).toEqual([[bare.session_id, "주문을 취소하고 싶어요"]]);
    expect(first.next_cursor).not.toBe("");
    const second = await callUnary(client, "session", "ListSessions", { tenant_id: tenantId, limit: 1, cursor: first.next_cursor });
    expect(second).toMatchObject({ sessions: [{ session_id: owned.session_id }], next_cursor: "" });
    const mine = await callUnary(client, "session", "ListSessions", { tenant_id: tenantId, user_id: "사용자-7" });
    expect(mine.sessions.map((session) => session.session_id)).toEqual([owned.session_id]);
    expect((await callUnary(client, "session", "ListSessions", { tenant_id: TENANT, user_id: "사용자-7" })).sessions).toEqual([]);

    const retitled = await callUnary(client, "session", "SetSessionTitle", { tenant_id: tenantId, session_id: owned.session_id, title: "새 제목" });
    expect(retitled).toMatchObject({ session_id: owned.session_id, title: "새 제목", user_id: "사용자-7" });
    expect(await rejection(callUnary(client, "session", "SetSessionTitle", { tenant_id: TENANT, session_id: owned.session_id, title: "남의 것" }))).toMatchObject({
      code: "session_not_found",
    });
    expect(await rejection(callUnary(client, "session", "ListSessions", { tenant_id: tenantId, cursor: "엉터리" }))).toMatchObject({
      kind: "invalid_argument",
      details: [{ field: "cursor" }],
    });
  });

  it("carries validation details naming the field", async () => {
    const notJson = await rejection(callUnary(client, "session", "CreateSession", { tenant_id: TENANT, metadata_json: "{깨진" }));
    expect(notJson).toMatchObject({ kind: "invalid_argument", code: "validation_failed", details: [{ field: "metadata" }] });

    const array = await rejection(callUnary(client, "session", "CreateSession", { tenant_id: TENANT, metadata_json: "[1,2]" }));
    expect(array.details).toEqual([{ field: "metadata", message: "must be a JSON object" }]);

    const session = await callUnary(client, "session", "CreateSession", { tenant_id: TENANT });
    const base = { tenant_id: TENANT, session_id: session.session_id };
    expect(await rejection(callUnary(client, "session", "ListMessages", { ...base, limit: 201 }))).toMatchObject({
      details: [{ field: "limit" }],
    });
    expect(await rejection(callUnary(client, "session", "AppendMessage", { ...base, role: "bot", content: "안녕" }))).toMatchObject({
      details: [{ field: "role" }],
    });
  });

  it("keeps answering another tenant's calls while it counts the tokens of the longest message", async () => {
    const other = await callUnary(client, "session", "CreateSession", { tenant_id: "테넌트-2" });
    const otherRef = { tenant_id: "테넌트-2", session_id: other.session_id };
    await callUnary(client, "session", "GetSession", otherRef);
    const session = await callUnary(client, "session", "CreateSession", { tenant_id: TENANT });
    // Not seen by the tokenizer before: every piece is merged afresh (about a tenth of a second in a service, more under jest).
    const longest = spacelessHangul(MESSAGE_MAX_CHARACTERS, 31);

    let appended = false;
    const appendStarted = performance.now();
    const append = callUnary(
      client,
      "session",
      "AppendMessage",
      {
        tenant_id: TENANT,
        session_id: session.session_id,
        role: "user",
        content: longest,
      },
      { timeoutMs: scaledTimeout(5000) },
    ).finally(() => (appended = true));
    const latencies: number[] = [];
    while (!appended) {
      const started = performance.now();
      await callUnary(client, "session", "GetSession", otherRef);
      if (!appended) latencies.push(performance.now() - started);
    }
    const stored = await append;
    const appendMs = performance.now() - appendStarted;

    expect(stored.content).toBe(longest);
    const context = await callUnary(client, "session", "GetContext", { tenant_id: TENANT, session_id: session.session_id, max_messages: 0, token_budget: 0 });
    expect(context.token_count).toBe(countTextTokens(longest));
    // Calls were answered all along while the message was counted and stored (a few milliseconds each
    // in a service, tens under jest on a busy machine). Counted in one go, one call waited for the whole count.
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...latencies)).toBeLessThan(appendMs / 3);
  });

  it("records call metrics in the shared registry", async () => {
    const text = await registry.metrics();
    expect(text).toMatch(/chatbot_grpc_server_requests_total\{service="session",method="CreateSession",code="OK"\}/);
  });

  // Last: moving the service's clock expires every session created above.
  it("hides a session once SESSION_TIMEOUT_HOURS pass, then its sweeper deletes it", async () => {
    const session = await callUnary(client, "session", "CreateSession", { tenant_id: TENANT });
    const base = { tenant_id: TENANT, session_id: session.session_id };
    await callUnary(client, "session", "AppendMessage", { ...base, role: "user", content: "한 시간 뒤 사라져요 ⏳" });
    clock.advance(HOUR_MS);
    expect(await rejection(callUnary(client, "session", "GetSession", base))).toMatchObject({ kind: "not_found" });

    const sql = createPostgresClient({ connectionString: testStores.postgresUrl });
    try {
      await waitFor(
        async () => {
          const rows = await sql.query<{ count: number }>(
            `SELECT (SELECT count(*) FROM ${schema}.sessions WHERE id = $1)::int
                  + (SELECT count(*) FROM ${schema}.messages WHERE session_id = $1)::int AS count`,
            [session.session_id],
          );
          return Number(rows.rows[0]!.count) === 0;
        },
        { timeoutMs: 5000, what: "the sweeper to delete the expired session" },
      );
    } finally {
      await sql.close();
    }
    expect(await registry.metrics()).toMatch(/chatbot_session_expired_sessions_deleted_total [1-9]/);
  });
});

describe("session gRPC service when the database goes away", () => {
  it("answers database_unavailable (UNAVAILABLE), passed through unchanged", async () => {
    const schema = uniqueName("session_down");
    const live = createPostgresClient({ connectionString: testStores.postgresUrl });
    const deadPort = await closedPort();
    const dead = createPostgresClient({ connectionString: `postgres://postgres@127.0.0.1:${deadPort}/test`, connectTimeoutMs: 500 });
    let current: SqlClient = live;
    // Migrations run against the live server; afterwards every query hits a port nobody listens on.
    const switching: SqlClient = {
      kind: "postgres",
      query: (text, params) => current.query(text, params),
      transaction: (work) => current.transaction(work),
      ping: () => current.ping(),
      close: async () => undefined,
    };
    const handle = await startSessionService(
      configFor(),
      { logger: testLogger("session"), registry: createMetricsRegistry({ collectDefaults: false }) },
      {
        schema,
        sql: switching,
      },
    );
    const client = createClient(protos.session().SessionService, handle.address);
    try {
      current = dead;
      for (const request of [
        callUnary(client, "session", "CreateSession", { tenant_id: TENANT }),
        callUnary(client, "session", "AppendMessage", {
          tenant_id: TENANT,
          session_id: "00000000-0000-4000-8000-000000000000",
          role: "user",
          content: "연결 끊김",
        }),
      ]) {
        expect(await rejection(request)).toMatchObject({ kind: "unavailable", code: "database_unavailable" });
      }
    } finally {
      client.close();
      await handle.stop();
      await live.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await Promise.all([live.close(), dead.close()]);
    }
  });
});

describe("session gRPC service in embedded mode", () => {
  it("keeps sessions in PGlite under DATA_DIR across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "session-embedded-"));
    const dependencies = { logger: testLogger("session"), registry: createMetricsRegistry({ collectDefaults: false }) };
    try {
      const first = await startSessionService(configFor({ DATA_DIR: dataDir }), dependencies);
      const firstClient = createClient(protos.session().SessionService, first.address);
      const session = await callUnary(firstClient, "session", "CreateSession", { tenant_id: TENANT });
      await callUnary(firstClient, "session", "AppendMessage", {
        tenant_id: TENANT,
        session_id: session.session_id,
        role: "user",
        content: "다시 시작해도 남아 있어요 💾",
      });
      firstClient.close();
      await first.stop();

      const second = await startSessionService(configFor({ DATA_DIR: dataDir }), dependencies);
      const secondClient = createClient(protos.session().SessionService, second.address);
      try {
        const page = await callUnary(secondClient, "session", "ListMessages", { tenant_id: TENANT, session_id: session.session_id });
        expect(page.messages.map((message) => message.content)).toEqual(["다시 시작해도 남아 있어요 💾"]);
      } finally {
        secondClient.close();
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
