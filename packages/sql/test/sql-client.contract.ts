import { migrate, type Migration, type SqlClient } from "../src";
import { uniqueName } from "@chatbot/testkit";

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

    it("answers a ping", async () => {
      await expect(sql.ping()).resolves.toBeUndefined();
    });
  });
}
