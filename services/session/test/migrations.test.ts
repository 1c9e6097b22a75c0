import { createPgliteClient, createPostgresClient, migrate, type SqlClient } from "@chatbot/sql";
import { testStores, uniqueName } from "@chatbot/testkit";
import { sessionMigrations } from "../src/storage/session.migrations";

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
