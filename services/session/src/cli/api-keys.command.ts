import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { isAppError } from "@chatbot/core";
import { createPgliteClient, createPostgresClient, migrate, type SqlClient } from "@chatbot/sql";
import { createApiKeyService } from "../domain/api-key.service";
import type { ApiKeyRecord } from "../domain/api-key.types";
import { createSqlApiKeyStore } from "../storage/sql-api-key.store";
import { sessionMigrations } from "../storage/session.migrations";

export const API_KEYS_USAGE = `Usage: api-keys <command> [options]

  create --tenant <tenant> [--name <name>]   Create a key; the key is printed once and never stored
  list [--tenant <tenant>]                   List keys (never the keys themselves)
  revoke <key_id>                            Revoke a key

Options:
  --schema <name>   Postgres schema of the session service (default "session")

Database: DATABASE_URL when set; otherwise the session service's embedded PGlite at
\${DATA_DIR}/session (DATA_DIR defaults to ./data), or \${DATA_DIR}/pglite where an
earlier version's npm start left one shared store that has not been split yet. PGlite
is single-process: stop the embedded system before using this command on its data, or
use the admin API (POST /api/admin/keys) while it runs.
`;

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
}

function present(record: ApiKeyRecord) {
  return {
    key_id: record.keyId,
    tenant: record.tenantId,
    name: record.name,
    created_at: record.createdAt.toISOString(),
    last_used_at: record.lastUsedAt?.toISOString() ?? null,
    revoked_at: record.revokedAt?.toISOString() ?? null,
  };
}

async function openDatabase(env: CliIo["env"]): Promise<SqlClient> {
  if (env.DATABASE_URL) return createPostgresClient({ connectionString: env.DATABASE_URL, applicationName: "chatbot-api-keys" });
  const dataDir = env.DATA_DIR || "./data";
  // The one-thread layout's shared store, until the next `npm start` splits it (copying what this writes).
  const shared = join(dataDir, "pglite");
  const own = join(dataDir, "session");
  return createPgliteClient({ dataDir: existsSync(shared) && !existsSync(own) ? shared : own });
}

/** Runs one command; resolves to the process exit code. */
export async function runApiKeysCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { tenant: { type: "string" }, name: { type: "string" }, schema: { type: "string" }, help: { type: "boolean" } },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${API_KEYS_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const valid =
    (command === "create" && values.tenant !== undefined && rest.length === 0) ||
    (command === "list" && rest.length === 0) ||
    (command === "revoke" && rest.length === 1);
  if (values.help || !valid) {
    (values.help ? io.out : io.err)(API_KEYS_USAGE);
    return values.help ? 0 : 2;
  }

  const schema = values.schema ?? "session";
  const sql = await openDatabase(io.env);
  try {
    await migrate(sql, { schema, migrations: sessionMigrations });
    const service = createApiKeyService({ store: createSqlApiKeyStore(sql, schema), now: () => new Date() });
    if (command === "create") {
      const created = await service.createKey({ tenantId: values.tenant ?? "", name: values.name ?? "" });
      io.out(JSON.stringify({ ...present(created.apiKey), key: created.key }));
      io.err("The key is shown only this once: store it now.");
    } else if (command === "list") {
      const keys = await service.listKeys(values.tenant ? { tenantId: values.tenant } : {});
      for (const record of keys) io.out(JSON.stringify(present(record)));
    } else {
      io.out(JSON.stringify(present(await service.revokeKey({ keyId: rest[0] ?? "" }))));
    }
    return 0;
  } catch (error) {
    if (!isAppError(error)) throw error;
    const details = error.details === undefined ? "" : ` ${JSON.stringify(error.details)}`;
    io.err(`${error.code}: ${error.message}${details}`);
    return 1;
  } finally {
    await sql.close();
  }
}
