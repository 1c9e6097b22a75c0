import { createPgliteClient, createPostgresClient, migrate, type SqlClient } from "@chatbot/sql";
import { testLogger, testStores, uniqueName } from "@chatbot/testkit";
import { createExpirySweeper } from "../src/domain/expiry-sweeper";
import { createSessionService } from "../src/domain/session.service";
import { countContentTokens } from "../src/domain/token-counter";
import { sessionMigrations } from "../src/storage/session.migrations";
import { createSqlSessionStore } from "../src/storage/sql-session.store";
import { createSqlSummaryStore } from "../src/storage/sql-summary.store";

const latest = Math.max(...sessionMigrations.map((migration) => migration.version));

async function appliedVersions(sql: SqlClient, schema: string): Promise<number[]> {
  const result = await sql.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
  return result.rows.map((row) => Number(row.version));
}

describe("session migrations on postgres", () => {
  const clients = [createPostgresClient({ connectionString: testStores.postgresUrl }), createPostgresClient({ connectionString: testStores.postgresUrl })];
  const [first, second] = clients as [SqlClient, SqlClient];
  const schemas: string[] = [];

  afterAll(async () => {
    for (const schema of schemas) await first.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await Promise.all(clients.map((client) => client.close()));
  });

  it("applies once and is a no-op the second time", async () => {
    const schema = uniqueName("session_migrate");
    schemas.push(schema);
    expect(await migrate(first, { schema, migrations: sessionMigrations })).toEqual(sessionMigrations.map((m) => m.version));
    expect(await migrate(first, { schema, migrations: sessionMigrations })).toEqual([]);
    expect((await appliedVersions(first, schema)).at(-1)).toBe(latest);
  });

  it("lets two replicas start together: one applies, the other waits and finds nothing to do", async () => {
    const schema = uniqueName("session_migrate");
    schemas.push(schema);
    const results = await Promise.all([migrate(first, { schema, migrations: sessionMigrations }), migrate(second, { schema, migrations: sessionMigrations })]);
    expect(results.map((applied) => applied.length).sort()).toEqual([0, sessionMigrations.length]);
    expect(await appliedVersions(first, schema)).toEqual(sessionMigrations.map((m) => m.version));
  });
});

describe("session migrations on pglite", () => {
  it("applies the same migrations, and again without error", async () => {
    const sql = await createPgliteClient();
    try {
      await migrate(sql, { schema: "session", migrations: sessionMigrations });
      await expect(migrate(sql, { schema: "session", migrations: sessionMigrations })).resolves.toEqual([]);
      await expect(
        Promise.all([migrate(sql, { schema: "session", migrations: sessionMigrations }), migrate(sql, { schema: "session", migrations: sessionMigrations })]),
      ).resolves.toEqual([[], []]);
      expect((await appliedVersions(sql, "session")).at(-1)).toBe(latest);
    } finally {
      await sql.close();
    }
  });
});

describe("version 4 on existing data", () => {
  it("backfills activity from the newest message, else the creation time; owner and title stay empty", async () => {
    const sql = await createPgliteClient();
    try {
      await migrate(sql, { schema: "session", migrations: sessionMigrations.filter((migration) => migration.version < 4) });
      const quiet = "00000000-0000-4000-8000-000000000001";
      const busy = "00000000-0000-4000-8000-000000000002";
      for (const id of [quiet, busy]) {
        await sql.query(
          `INSERT INTO session.sessions (id, tenant_id, created_at, last_accessed, expires_at) VALUES ($1, '테넌트', '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z')`,
          [id],
        );
      }
      for (const [sequence, createdAt] of [
        [1, "2030-01-01T01:00:00Z"],
        [2, "2030-01-01T02:00:00Z"],
      ] as const) {
        await sql.query(
          `INSERT INTO session.messages (id, session_id, sequence, role, content, created_at, status) VALUES (gen_random_uuid(), $1, $2, 'user', '안녕', $3, 'complete')`,
          [busy, sequence, createdAt],
        );
      }
      await expect(migrate(sql, { schema: "session", migrations: sessionMigrations.filter((migration) => migration.version <= 4) })).resolves.toEqual([4]);
      const rows = await sql.query<{ id: string; last_activity_at: Date; user_id: string | null; title: string | null }>(
        "SELECT id, last_activity_at, user_id, title FROM session.sessions ORDER BY id",
      );
      expect(rows.rows.map((row) => [row.id, new Date(row.last_activity_at).toISOString(), row.user_id, row.title])).toEqual([
        [quiet, "2030-01-01T00:00:00.000Z", null, null],
        [busy, "2030-01-01T02:00:00.000Z", null, null],
      ]);
    } finally {
      await sql.close();
    }
  });
});

describe.each([
  ["pglite", async () => ({ sql: await createPgliteClient(), schema: "session", drop: false })],
  ["postgres", async () => ({ sql: createPostgresClient({ connectionString: testStores.postgresUrl }), schema: uniqueName("session_branches"), drop: true })],
])("version 5 on existing data (%s)", (_adapter, open) => {
  it("makes each conversation one branch: every message follows the one before it, the newest is the active leaf", async () => {
    const { sql, schema, drop } = await open();
    try {
      await migrate(sql, { schema, migrations: sessionMigrations.filter((migration) => migration.version < 5) });
      const busy = "00000000-0000-4000-8000-000000000011";
      const quiet = "00000000-0000-4000-8000-000000000012";
      for (const id of [busy, quiet]) {
        await sql.query(
          `INSERT INTO ${schema}.sessions (id, tenant_id, created_at, last_accessed, expires_at, last_activity_at)
           VALUES ($1, '테넌트', '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z', '2030-01-01T00:00:00Z')`,
          [id],
        );
      }
      // Inserted out of order: the sequence, not the insertion, decides the chain.
      const messages = [
        ["00000000-0000-4000-8000-0000000000a3", 3, "user", "두 번째 질문"],
        ["00000000-0000-4000-8000-0000000000a1", 1, "user", "첫 질문"],
        ["00000000-0000-4000-8000-0000000000a4", 4, "assistant", "두 번째 답"],
        ["00000000-0000-4000-8000-0000000000a2", 2, "assistant", "첫 답"],
      ] as const;
      for (const [id, sequence, role, content] of messages) {
        await sql.query(`INSERT INTO ${schema}.messages (id, session_id, sequence, role, content, created_at, status) VALUES ($1, $2, $3, $4, $5, now(), 'complete')`, [
          id,
          busy,
          sequence,
          role,
          content,
        ]);
      }
      await sql.query(`UPDATE ${schema}.sessions SET next_sequence = 5 WHERE id = $1`, [busy]);

      await expect(migrate(sql, { schema, migrations: sessionMigrations.filter((migration) => migration.version <= 5) })).resolves.toEqual([5]);

      const rows = await sql.query<{ id: string; parent_message_id: string | null }>(`SELECT id, parent_message_id FROM ${schema}.messages ORDER BY sequence`);
      expect(rows.rows.map((row) => [row.id.slice(-2), row.parent_message_id?.slice(-2) ?? null])).toEqual([
        ["a1", null],
        ["a2", "a1"],
        ["a3", "a2"],
        ["a4", "a3"],
      ]);
      const sessions = await sql.query<{ id: string; active_leaf_id: string | null }>(`SELECT id, active_leaf_id FROM ${schema}.sessions ORDER BY id`);
      expect(sessions.rows.map((row) => [row.id, row.active_leaf_id])).toEqual([
        [busy, "00000000-0000-4000-8000-0000000000a4"],
        [quiet, null],
      ]);

      // The migrated session goes on where it was: a new turn follows the newest message, and
      // a parent must be a message of the same session.
      await sql.query(
        `INSERT INTO ${schema}.messages (id, session_id, sequence, role, content, created_at, status, parent_message_id)
         VALUES ('00000000-0000-4000-8000-0000000000a5', $1, 5, 'user', '세 번째 질문', now(), 'complete', '00000000-0000-4000-8000-0000000000a4')`,
        [busy],
      );
      await expect(
        sql.query(
          `INSERT INTO ${schema}.messages (id, session_id, sequence, role, content, created_at, status, parent_message_id)
           VALUES (gen_random_uuid(), $1, 1, 'user', '남의 부모', now(), 'complete', '00000000-0000-4000-8000-0000000000a4')`,
          [quiet],
        ),
      ).rejects.toThrow();
    } finally {
      if (drop) await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.close();
    }
  });
});

describe("version 7 on existing data", () => {
  it("keeps earlier messages, with no provider and no rating, and lets them be rated", async () => {
    const sql = await createPgliteClient();
    try {
      await migrate(sql, { schema: "session", migrations: sessionMigrations.filter((migration) => migration.version < 7) });
      const session = "00000000-0000-4000-8000-000000000003";
      const answer = "00000000-0000-4000-8000-000000000004";
      await sql.query(
        `INSERT INTO session.sessions (id, tenant_id, created_at, last_accessed, expires_at, last_activity_at) VALUES ($1, '테넌트', '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z', '2030-01-01T00:00:00Z')`,
        [session],
      );
      await sql.query(
        `INSERT INTO session.messages (id, session_id, sequence, role, content, created_at, status, model) VALUES ($1, $2, 1, 'assistant', '예전 답변', '2030-01-01T01:00:00Z', 'complete', 'old-model')`,
        [answer, session],
      );
      await expect(migrate(sql, { schema: "session", migrations: sessionMigrations.filter((migration) => migration.version <= 7) })).resolves.toEqual([7]);
      const rows = await sql.query<{ provider: string; model: string }>("SELECT provider, model FROM session.messages WHERE id = $1", [answer]);
      expect(rows.rows).toEqual([{ provider: "", model: "old-model" }]);
      await sql.query(`INSERT INTO session.message_feedback (message_id, tenant_id, rating, updated_at) VALUES ($1, '테넌트', 'up', now())`, [answer]);
      await expect(
        sql.query(`INSERT INTO session.message_feedback (message_id, tenant_id, rating, updated_at) VALUES (gen_random_uuid(), '테넌트', 'up', now())`),
      ).rejects.toThrow();
      // 세션이 지워지면 평가도 함께 지워진다.
      await sql.query("DELETE FROM session.sessions WHERE id = $1", [session]);
      expect((await sql.query("SELECT 1 FROM session.message_feedback")).rows).toHaveLength(0);
    } finally {
      await sql.close();
    }
  });
});

describe("version 6 on existing data", () => {
  it("indexes sessions stored before search once the sweeper runs, counting each message once, finished text only", async () => {
    const sql = await createPgliteClient();
    try {
      await migrate(sql, { schema: "session", migrations: sessionMigrations.filter((migration) => migration.version < 6) });
      const old = "00000000-0000-4000-8000-000000000011";
      await sql.query(
        `INSERT INTO session.sessions (id, tenant_id, created_at, last_accessed, expires_at, last_activity_at, title, next_sequence)
         VALUES ($1, '테넌트', '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z', '2030-01-09T00:00:00Z', '2030-01-01T00:00:00Z', '이사 준비', 4)`,
        [old],
      );
      for (const [sequence, content, status] of [
        [1, "포장 이사 견적을 받고 싶어요", "complete"],
        [2, "무지개 색 상자는 생성 중", "streaming"],
        [3, "실패한 고양이 답변", "failed"],
      ] as const) {
        await sql.query(
          `INSERT INTO session.messages (id, session_id, sequence, role, content, created_at, status) VALUES (gen_random_uuid(), $1, $2, 'user', $3, '2030-01-01T00:00:00Z', $4)`,
          [old, sequence, content, status],
        );
      }
      await migrate(sql, { schema: "session", migrations: sessionMigrations });

      const now = () => new Date("2030-01-02T00:00:00Z");
      const store = createSqlSessionStore(sql, "session");
      const service = createSessionService({ store, summaries: createSqlSummaryStore(sql, "session"), timeoutMs: 24 * 3_600_000, now, countTokens: countContentTokens });
      // A message appended before the sweeper gets to the session: counted once after it.
      await service.appendMessage({ tenantId: "테넌트", sessionId: old, role: "assistant", content: "견적은 내일 드릴게요" });
      expect(await service.searchSessions({ tenantId: "테넌트", query: "포장" })).toEqual([]);

      await createExpirySweeper({ store, now, intervalMs: 60_000, logger: testLogger("session") }).sweep();
      const found = await service.searchSessions({ tenantId: "테넌트", query: "포장" });
      expect(found.map((hit) => hit.session.id)).toEqual([old]);
      expect(found[0]!.snippet).toBe("포장 이사 견적을 받고 싶어요");
      expect((await service.searchSessions({ tenantId: "테넌트", query: "이사 준비" })).map((hit) => hit.session.id)).toEqual([old]);
      expect(await service.searchSessions({ tenantId: "테넌트", query: "무지개" })).toEqual([]);
      expect(await service.searchSessions({ tenantId: "테넌트", query: "고양이" })).toEqual([]);
      const counts = await sql.query<{ message_count: number }>("SELECT message_count FROM session.session_terms WHERE session_id = $1 AND term = '견적'", [old]);
      expect(counts.rows.map((row) => Number(row.message_count))).toEqual([2]);
      expect(await store.indexUnsearchedSessions(10)).toBe(0);
    } finally {
      await sql.close();
    }
  });
});
