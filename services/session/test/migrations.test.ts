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
