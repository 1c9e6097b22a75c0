import { vector } from "@electric-sql/pglite-pgvector";
import { createPgliteClient, migrate } from "@chatbot/sql";
import { NO_FILTERS } from "../src/domain/chunk.types";
import { documentTermWeights, queryTermWeights } from "../src/domain/korean-analysis";
import { toSparseVector } from "../src/domain/sparse-vector";
import { NO_DENSE_SPACE } from "../src/storage/embedding-space";
import { retrievalMigrations } from "../src/storage/retrieval.migrations";
import { openSqlChunkStore } from "../src/storage/sql-chunk.store";

describe("an embedded index from the version that kept keywords in memory", () => {
  it("opens with its chunks searchable by keyword and the retired built-in vectors dropped", async () => {
    const sql = await createPgliteClient({ extensions: { vector } });
    try {
      // The index as the previous version left it: migration 1 only, hashed n-gram vectors.
      await sql.query("CREATE EXTENSION IF NOT EXISTS vector");
      await migrate(sql, { schema: "retrieval", migrations: retrievalMigrations.filter((migration) => migration.version === 1) });
      await sql.query("INSERT INTO retrieval.embedding_space (model, dimensions) VALUES ('local-hashed-ngrams-v1', 4)");
      const texts = ["한라산은 제주도에 있는 산이다", "부산항은 큰 무역항이다", "세종대왕은 훈민정음을 만들었다"];
      for (const [index, text] of texts.entries()) {
        await sql.query(`INSERT INTO retrieval.chunks (tenant_id, chunk_id, document_id, text, title, embedding) VALUES ('t', $1, $2, $3, '', '[0.5,0.5,0.5,0.5]')`, [
          `d${index}#0`,
          `d${index}`,
          text,
        ]);
      }

      const store = await openSqlChunkStore({ sql, space: NO_DENSE_SPACE, keywordsOf: (chunk) => toSparseVector(documentTermWeights(chunk)) });
      const search = (query: string) => store.search("t", { keywords: toSparseVector(queryTermWeights(query)), limit: 3, candidates: 50, filters: NO_FILTERS });
      expect((await search("훈민정음을 만든 왕"))[0]!.chunk.documentId).toBe("d2");
      expect((await search("제주도의 산"))[0]!.chunk.documentId).toBe("d0");
      const left = await sql.query<{ vectors: number; space: string }>(
        "SELECT (SELECT count(embedding)::int FROM retrieval.chunks) AS vectors, (SELECT model FROM retrieval.embedding_space) AS space",
      );
      expect(left.rows[0]).toEqual({ vectors: 0, space: "none" });

      // Deleting an upgraded chunk takes its postings and counts with it.
      expect(await store.deleteDocument("t", "d2")).toBe(1);
      expect(await search("훈민정음을 만든 왕")).toEqual([]);
      await store.close();
    } finally {
      await sql.close();
    }
  });
});
