/**
 * What a stored chat turn costs the session store, on PGlite (on disk, as `npm start` keeps
 * it) and on Postgres: a new session's turn (`beginTurn` with the question) then its reply of
 * 54 Korean words (`finalizeMessage`), one after another through the session service's
 * domain and store, no gRPC. Prints milliseconds per turn for each step, and the CPU per
 * turn of this process (on PGlite, the database's too) and of Postgres's server processes.
 * For one checkout against another, run it in each, alternating.
 *
 *   node --import tsx bench/sessions/turn-cost.ts [--turns 1500] [--store pglite|postgres|both]
 *
 * Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres);
 * Postgres runs in a fresh schema of the database chatbot_bench, dropped at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { createPgliteClient, createPostgresClient, migrate, type SqlClient } from "@chatbot/sql";
import { createSessionService } from "../../services/session/src/domain/session.service";
import { countContentTokens } from "../../services/session/src/domain/token-counter";
import { sessionMigrations } from "../../services/session/src/storage/session.migrations";
import { createSqlSessionStore } from "../../services/session/src/storage/sql-session.store";
import { createSqlSummaryStore } from "../../services/session/src/storage/sql-summary.store";
import { argument, numberArgument } from "../support/arguments";
import { benchDatabaseUrl } from "../support/bench-database";
import { cpuDuring, postgresProcessOf } from "../support/process-cpu";

const turns = numberArgument("turns", 1500);
const chosen = argument("store", "both");
const stores = chosen === "both" ? ["pglite", "postgres"] : [chosen];
const WARM_UP = 100;
const TENANT = "bench-tenant";
/** 54 words, as the chat benchmarks' replies. */
const REPLY = Array.from({ length: 54 }, (_, index) => `단어${index % 37}는`).join(" ");

async function measure(sql: SqlClient, schema: string) {
  await migrate(sql, { schema, migrations: sessionMigrations });
  const service = createSessionService({
    store: createSqlSessionStore(sql, schema),
    summaries: createSqlSummaryStore(sql, schema),
    now: () => new Date(),
    timeoutMs: 3_600_000,
    countTokens: countContentTokens,
  });
  let beginMs = 0;
  let finalizeMs = 0;
  const turn = async (index: number) => {
    const began = performance.now();
    const stored = await service.beginTurn({ tenantId: TENANT, content: `질문 ${index}: 서울의 내일 날씨는 어떤가요?`, assistantMessageId: randomUUID() });
    const reserved = performance.now();
    await service.finalizeMessage({ tenantId: TENANT, sessionId: stored.sessionId, messageId: stored.assistantMessage.id, status: "complete", content: REPLY });
    beginMs += reserved - began;
    finalizeMs += performance.now() - reserved;
  };
  for (let index = 0; index < WARM_UP; index++) await turn(index);
  beginMs = finalizeMs = 0;
  const database = sql.kind === "postgres" ? [{ name: "postgres", pick: postgresProcessOf("chatbot_bench") }] : [];
  const cpuBefore = process.cpuUsage();
  const { used } = await cpuDuring(database, async () => {
    for (let index = 0; index < turns; index++) await turn(WARM_UP + index);
  });
  const { user, system } = process.cpuUsage(cpuBefore);
  return {
    beginMs: beginMs / turns,
    finalizeMs: finalizeMs / turns,
    /** This process: the service's code, the client and, on PGlite, the database itself. */
    processCpuMs: (user + system) / 1000 / turns,
    postgresCpuMs: used.postgres === undefined ? undefined : used.postgres / 1000 / turns,
  };
}

async function main() {
  for (const store of stores) {
    let sql: SqlClient;
    let schema = "session";
    let cleanUp: () => Promise<void>;
    if (store === "pglite") {
      const dataDir = mkdtempSync(join(tmpdir(), "turn-cost-"));
      sql = await createPgliteClient({ dataDir });
      cleanUp = async () => {
        await sql.close();
        rmSync(dataDir, { recursive: true, force: true });
      };
    } else {
      sql = createPostgresClient({ connectionString: await benchDatabaseUrl() });
      schema = `turn_cost_${process.pid}`;
      cleanUp = async () => {
        await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await sql.close();
      };
    }
    try {
      const { beginMs, finalizeMs, processCpuMs, postgresCpuMs } = await measure(sql, schema);
      const server = postgresCpuMs === undefined ? "" : `, Postgres ${postgresCpuMs.toFixed(3)} ms`;
      console.log(
        `${store}: ${turns} turns; per turn: begin ${beginMs.toFixed(3)} ms + finalize ${finalizeMs.toFixed(3)} ms = ${(beginMs + finalizeMs).toFixed(3)} ms; CPU: this process ${processCpuMs.toFixed(3)} ms${server}`,
      );
    } finally {
      await cleanUp();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
