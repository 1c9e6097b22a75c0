import { migrate, type Migration, type SqlClient } from "../src";
import { capturingLogger, uniqueName } from "@chatbot/testkit";

/** An upload of 10 MB (UTF-8), and a bound for a log line that names its failure. */
const UPLOAD = "업로드 본문".repeat((10 * 1024 * 1024) / 16);
const LOG_LINE_BOUND = 16 * 1024;

const migrations: Migration[] = [
  {
    version: 1,
    name: "notes",
    sql: `CREATE TABLE {{schema}}.notes (id serial PRIMARY KEY, body text NOT NULL);
          CREATE INDEX notes_body ON {{schema}}.notes (body);`,
  },
  { version: 2, name: "notes tag", sql: `ALTER TABLE {{schema}}.notes ADD COLUMN tag text` },
];

/** What every SqlClient must do, whichever database is behind it. */
export function describeSqlClientContract(name: string, open: () => Promise<SqlClient>) {
  describe(`SqlClient contract: ${name}`, () => {
    let sql: SqlClient;
    let schema: string;

    beforeAll(async () => {
      sql = await open();
      schema = uniqueName("sqlc");
    });
    afterAll(async () => {
      await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.close();
    });

    it("applies migrations once, in order, and a second run is a no-op", async () => {
      expect(await migrate(sql, { schema, migrations })).toEqual([1, 2]);
      expect(await migrate(sql, { schema, migrations })).toEqual([]);
      const columns = await sql.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'notes' ORDER BY ordinal_position",
        [schema],
      );
      expect(columns.rows.map((row) => row.column_name)).toEqual(["id", "body", "tag"]);
    });

    it("survives two concurrent migration runs", async () => {
      const other = uniqueName("sqlc");
      try {
        const results = await Promise.all([migrate(sql, { schema: other, migrations }), migrate(sql, { schema: other, migrations })]);
        expect(results.flat().sort()).toEqual([1, 2]);
      } finally {
        await sql.query(`DROP SCHEMA IF EXISTS ${other} CASCADE`);
      }
    });

    it("stores Korean and emoji text byte for byte through parameters", async () => {
      const body = "한국어 문장입니다. 그렇죠? 🙂👩‍💻";
      const inserted = await sql.query<{ id: number }>(`INSERT INTO ${schema}.notes (body) VALUES ($1) RETURNING id`, [body]);
      expect(inserted.rowCount).toBe(1);
      const read = await sql.query<{ body: string }>(`SELECT body FROM ${schema}.notes WHERE id = $1`, [inserted.rows[0]!.id]);
      expect(read.rows[0]!.body).toBe(body);
    });

    it("rolls a failed transaction back completely", async () => {
      const before = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.notes`);
      await expect(
        sql.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${schema}.notes (body) VALUES ($1)`, ["사라질 메모"]);
          throw new Error("실패");
        }),
      ).rejects.toThrow("실패");
      const after = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.notes`);
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    });

    it("fails a statement sent a 10 MB value without the value, and its log line names the error in a few kilobytes", async () => {
      await sql.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await sql.query(`CREATE TABLE ${schema}.uploads (id integer PRIMARY KEY, body text NOT NULL)`);
      await sql.query(`INSERT INTO ${schema}.uploads VALUES (1, 'first')`);
      const failure = await sql.query(`INSERT INTO ${schema}.uploads VALUES ($1, $2)`, [1, UPLOAD]).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: "23505", message: expect.stringContaining("duplicate key") });
      expect(failure).not.toHaveProperty("params");

      const { logger, lines } = capturingLogger();
      logger.error({ err: failure }, "upload not stored");
      expect(lines[0]!.length).toBeLessThan(LOG_LINE_BOUND);
      expect(lines[0]).not.toContain("업로드 본문업로드 본문");
      expect(JSON.parse(lines[0]!).err).toMatchObject({ code: "23505", message: expect.stringContaining("duplicate key") });
    });

    it("logs a failure whose message quotes the value it refused, 1 MB of it, in a few kilobytes", async () => {
      // 1 MB, not 10: PGlite takes seconds per megabyte to report this value.
      const word = "x".repeat(1024 * 1024);
      const failure = await sql.query("SELECT $1::integer AS n", [word]).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: "22P02" });

      const { logger, lines } = capturingLogger();
      logger.error({ err: failure }, "query failed");
      expect(lines[0]!.length).toBeLessThan(LOG_LINE_BOUND);
      expect(JSON.parse(lines[0]!).err).toMatchObject({
        code: "22P02",
        message: expect.stringMatching(/^invalid input syntax for type integer: "x+…\[\d+ characters cut\]…x+"$/),
      });
    });

    it("answers a ping", async () => {
      await expect(sql.ping()).resolves.toBeUndefined();
    });
  });
}
