import pg from "pg";
import { AppError } from "@chatbot/core";
import type { QueryResult, SqlClient, SqlExecutor } from "./sql-client";
import { withoutSentValues } from "./sql-error";

export interface PostgresClientOptions {
  connectionString: string;
  maxConnections?: number;
  /**
   * Bounds both opening a connection and waiting for a free one in the pool. A database
   * that is down refuses connections at once, so this only needs to cover a busy pool
   * or a network that drops packets; too small, and a burst of requests is misreported
   * as an outage.
   */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  applicationName?: string;
}

/** SQLSTATE classes that mean "the database is not there right now". */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;
const UNAVAILABLE_ERRNO = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);

/**
 * Converts connection-level failures into a typed `database_unavailable` error so
 * callers answer 503 quickly; other errors (constraint violations, bugs) pass through.
 */
export function mapPostgresError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const err = error as { code?: string; message?: string };
  const message = err?.message ?? "";
  if (
    (typeof err?.code === "string" && (UNAVAILABLE_SQLSTATE.test(err.code) || UNAVAILABLE_ERRNO.has(err.code))) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)
  ) {
    return new AppError("unavailable", "database_unavailable", "The database is unavailable", { cause: error });
  }
  return error;
}

export function createPostgresClient(options: PostgresClientOptions): SqlClient {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // An idle client losing its connection (database restart) must not crash the process;
  // the pool drops it and the next query opens a fresh one.
  pool.on("error", () => undefined);

  // Parameterised statements are prepared once per connection under a stable name, so
  // Postgres parses and plans each distinct query once instead of on every call.
  const statementNames = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = statementNames.get(text);
    if (!name) {
      name = `s${statementNames.size + 1}`;
      statementNames.set(text, name);
    }
    return name;
  };

  const run = async <Row>(executor: pg.Pool | pg.PoolClient, text: string, params?: unknown[]) => {
    try {
      const result = params && params.length > 0 ? await executor.query({ name: nameOf(text), text, values: params }) : await executor.query(text);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 } satisfies QueryResult<Row>;
    } catch (error) {
      throw mapPostgresError(withoutSentValues(error));
    }
  };

  return {
    kind: "postgres",
    query: (text, params) => run(pool, text, params),
    async transaction(work) {
      let connection: pg.PoolClient;
      try {
        connection = await pool.connect();
      } catch (error) {
        throw mapPostgresError(error);
      }
      // The pool only listens for errors on idle clients. A checked-out one whose server
      // goes away (a restart mid-transaction) emits 'error' as well as failing its query,
      // and an unheard 'error' event would take the whole process down.
      let broken = false;
      const onError = () => {
        broken = true;
      };
      connection.on("error", onError);
      const release = (destroy: boolean) => {
        // A broken connection must not go back to the pool. A destroyed one keeps the
        // listener (it can still report its socket's end); a pooled one drops it, or every
        // transaction on that client would add another.
        if (destroy || broken) {
          connection.release(true);
        } else {
          connection.off("error", onError);
          connection.release();
        }
      };
      const executor: SqlExecutor = {
        query: (text, params) => run(connection, text, params),
        execScript: async (text) => {
          await run(connection, text);
        },
      };
      try {
        await connection.query("BEGIN");
        const result = await work(executor);
        await connection.query("COMMIT");
        release(false);
        return result;
      } catch (error) {
        const mapped = mapPostgresError(error);
        const rolledBack =
          !broken &&
          (await connection.query("ROLLBACK").then(
            () => true,
            () => false,
          ));
        release(!rolledBack);
        throw mapped;
      }
    },
    async ping() {
      await run(pool, "SELECT 1");
    },
    close: () => pool.end(),
  };
}
