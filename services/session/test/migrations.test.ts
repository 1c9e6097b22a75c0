import { createPgliteClient, createPostgresClient, migrate, type SqlClient } from "@chatbot/sql";
import { testLogger, testStores, uniqueName } from "@chatbot/testkit";
import { createExpirySweeper } from "../src/domain/expiry-sweeper";
import { createSessionService } from "../src/domain/session.service";
import { countContentTokens } from "../src/domain/token-counter";
import { sessionMigrations } from "../src/storage/session.migrations";
import { createSqlSessionStore } from "../src/storage/sql-session.store";

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
      const service = createSessionService({ store, timeoutMs: 24 * 3_600_000, now, countTokens: countContentTokens });
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
