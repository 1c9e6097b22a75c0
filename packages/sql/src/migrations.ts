import type { SqlClient } from "./sql-client";

export interface Migration {
  /** Strictly increasing; never reuse or edit a shipped version. */
  version: number;
  name: string;
  sql: string;
}

export interface MigrateOptions {
  /** The schema the service owns; created if missing. */
  schema: string;
  migrations: Migration[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Applies pending migrations in order, all in one transaction. A transaction-level
 * advisory lock keyed by schema serialises replicas that start together, and the
 * applied-version check inside the lock makes a second run a no-op.
 */
export async function migrate(client: SqlClient, options: MigrateOptions): Promise<number[]> {
  const { schema } = options;
  if (!IDENTIFIER.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const sorted = [...options.migrations].sort((a, b) => a.version - b.version);
  const applied: number[] = [];
  await client.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`migrate:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = await tx.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`);
    const doneVersions = new Set(done.rows.map((row) => Number(row.version)));
    for (const migration of sorted) {
      if (doneVersions.has(migration.version)) continue;
      await tx.execScript(migration.sql.replaceAll("{{schema}}", schema));
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
  });
  return applied;
}
