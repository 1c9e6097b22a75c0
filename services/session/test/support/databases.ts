import { createPgliteClient, createPostgresClient, migrate, type SqlClient } from "@chatbot/sql";
import { testStores, uniqueName } from "@chatbot/testkit";
import { sessionMigrations } from "../../src/storage/session.migrations";

export interface TestDatabase {
  sql: SqlClient;
  /** A schema no other run uses, already migrated. */
  schema: string;
  close(): Promise<void>;
}

export type OpenDatabase = () => Promise<TestDatabase>;

/** The real Postgres server; the schema is dropped on close. */
export const openPostgres: OpenDatabase = async () => {
  const sql = createPostgresClient({ connectionString: testStores.postgresUrl, maxConnections: 10 });
  const schema = uniqueName("session_test");
  await migrate(sql, { schema, migrations: sessionMigrations });
  return {
    sql,
    schema,
    async close() {
      await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.close();
    },
  };
};

/** Embedded PGlite in memory, as embedded mode uses it (there with a data directory). */
export const openPglite: OpenDatabase = async () => {
  const sql = await createPgliteClient();
  const schema = "session";
  await migrate(sql, { schema, migrations: sessionMigrations });
  return { sql, schema, close: () => sql.close() };
};

/** A clock tests move by hand. */
export function createTestClock(start = new Date("2030-01-01T00:00:00.000Z")) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
  };
}

export const HOUR_MS = 3_600_000;
