import { mkdirSync } from "node:fs";
import { PGlite, type Extensions } from "@electric-sql/pglite";
import type { QueryResult, SqlClient, SqlExecutor } from "./sql-client";
import { withoutSentValues } from "./sql-error";

export interface PgliteClientOptions {
  /** Directory for the database files; omitted means in memory. */
  dataDir?: string;
  extensions?: Extensions;
}

/**
 * Embedded Postgres (WASM). It runs one statement at a time, so a transaction holds the
 * whole database: PGlite queues other callers behind it, which keeps the semantics of
 * the pooled client.
 */
export async function createPgliteClient(options: PgliteClientOptions = {}): Promise<SqlClient> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.extensions ? { extensions: options.extensions } : {}),
  });
  const run = async <Row>(executor: Pick<PGlite, "query">, text: string, params?: unknown[]): Promise<QueryResult<Row>> => {
    try {
      const result = await executor.query<Row>(text, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    } catch (error) {
      throw withoutSentValues(error);
    }
  };
  return {
    kind: "pglite",
    query: (text, params) => run(db, text, params),
    transaction: (work) =>
      db.transaction((tx) => {
        const executor: SqlExecutor = {
          query: (text, params) => run(tx, text, params),
          execScript: async (text) => {
            await tx.exec(text);
          },
        };
        return work(executor);
      }),
    async ping() {
      await db.query("SELECT 1");
    },
    close: () => db.close(),
  };
}
