import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scaledTimeout } from "@chatbot/testkit";
import { createPgliteClient } from "../src";
import { describeSqlClientContract } from "./sql-client.contract";

describeSqlClientContract("pglite (in memory)", () => createPgliteClient());

describe("PGlite on disk", () => {
  it(
    "finds the first start's data on a second start",
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "pglite-"));
      try {
        const first = await createPgliteClient({ dataDir });
        await first.query("CREATE TABLE memo (body text)");
        await first.query("INSERT INTO memo VALUES ($1)", ["다시 시작해도 남아 있어요."]);
        await first.close();
        const second = await createPgliteClient({ dataDir });
        const rows = await second.query<{ body: string }>("SELECT body FROM memo");
        expect(rows.rows).toEqual([{ body: "다시 시작해도 남아 있어요." }]);
        await second.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
      // Two starts of a WASM Postgres, the first creating its data directory.
    },
    scaledTimeout(120_000),
  );
});
