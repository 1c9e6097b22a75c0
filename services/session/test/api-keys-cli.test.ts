import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createPostgresClient } from "@chatbot/sql";
import { scaledTimeout, testStores, uniqueName } from "@chatbot/testkit";
import { runApiKeysCommand } from "../src/cli/api-keys.command";

const run = promisify(execFile);
const REPO_ROOT = join(__dirname, "../../..");

async function cli(argv: string[], env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runApiKeysCommand(argv, { env, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err: err.join("\n") };
}

describe("api-keys command on postgres", () => {
  const schema = uniqueName("session_cli");
  const env = { DATABASE_URL: testStores.postgresUrl };

  afterAll(async () => {
    const sql = createPostgresClient({ connectionString: testStores.postgresUrl });
    await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await sql.close();
  });

  it("creates a key shown once, lists it without the key, and revokes it", async () => {
    const created = await cli(["create", "--tenant", "고객사-가", "--name", "배치 작업 🤖", "--schema", schema], env);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.out[0]!);
    expect(key).toMatchObject({ tenant: "고객사-가", name: "배치 작업 🤖", key: expect.stringMatching(/^cbk_/) });
    expect(created.err).toMatch(/only this once/);

    const listed = await cli(["list", "--tenant", "고객사-가", "--schema", schema], env);
    expect(listed.out.map((line) => JSON.parse(line).key_id)).toEqual([key.key_id]);
    expect(listed.out.join("\n")).not.toContain(key.key);

    const revoked = await cli(["revoke", key.key_id, "--schema", schema], env);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.out[0]!).revoked_at).toEqual(expect.any(String));
  });

  it("exits non-zero with the reason for an unknown key or a missing tenant", async () => {
    const unknown = await cli(["revoke", "00000000-0000-4000-8000-000000000000", "--schema", schema], env);
    expect(unknown).toMatchObject({ code: 1, err: expect.stringContaining("api_key_not_found") });
    const usage = await cli(["create", "--schema", schema], env);
    expect(usage).toMatchObject({ code: 2, err: expect.stringContaining("Usage") });
  });
});

describe("api-keys command on the embedded PGlite", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "api-keys-cli-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(
    "runs as a script and keeps the key in the session service's store, ${DATA_DIR}/session",
    async () => {
      const script = join(REPO_ROOT, "services/session/src/cli/api-keys.ts");
      const { stdout } = await run(process.execPath, ["--import", "tsx", script, "create", "--tenant", "한빛"], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", NODE_OPTIONS: "" },
      });
      const created = JSON.parse(stdout.trim());
      const listed = await cli(["list"], { DATA_DIR: dataDir });
      expect(listed.out.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ key_id: created.key_id, tenant: "한빛" })]);
      expect(existsSync(join(dataDir, "session"))).toBe(true);
    },
    scaledTimeout(90_000),
  ); // tsx and a PGlite of its own, in a child process

  it(
    "uses an earlier version's shared store (${DATA_DIR}/pglite) until npm start splits it",
    async () => {
      const earlier = mkdtempSync(join(tmpdir(), "api-keys-cli-shared-"));
      try {
        mkdirSync(join(earlier, "pglite"));
        const created = await cli(["create", "--tenant", "누리"], { DATA_DIR: earlier });
        expect(created.code).toBe(0);
        expect(existsSync(join(earlier, "session"))).toBe(false);
        expect(existsSync(join(earlier, "pglite", "PG_VERSION"))).toBe(true);
      } finally {
        rmSync(earlier, { recursive: true, force: true });
      }
    },
    scaledTimeout(60_000),
  );
});
