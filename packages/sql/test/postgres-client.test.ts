import { AppError } from "@chatbot/core";
import { testStores } from "@chatbot/testkit";
import { createPostgresClient } from "../src";
import { describeSqlClientContract } from "./sql-client.contract";

describeSqlClientContract("postgres", async () => createPostgresClient({ connectionString: testStores.postgresUrl }));

describe("Postgres client when the database is unreachable", () => {
  it("fails fast with a typed database_unavailable error", async () => {
    const sql = createPostgresClient({ connectionString: "postgres://postgres@127.0.0.1:1/test", connectTimeoutMs: 500 });
    const started = Date.now();
    const failure = await sql.query("SELECT 1").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ kind: "unavailable", code: "database_unavailable" });
    expect(Date.now() - started).toBeLessThan(2000);
    await sql.close();
  });
});
