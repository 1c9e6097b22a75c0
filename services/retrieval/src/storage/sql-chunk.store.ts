import { inverseDocumentFrequency } from "@chatbot/core";
import { migrate, type SqlClient, type SqlExecutor } from "@chatbot/sql";
import type { ChunkStore, StoreQuery } from "../domain/chunk.store";
import type { Chunk, IndexedChunk, ScoredChunk, SearchFilters } from "../domain/chunk.types";
import { fuseRanks } from "../domain/rank-fusion";
import type { SparseVector } from "../domain/sparse-vector";
import { CHUNK_COLUMNS, chunkFromRow, type ChunkRow } from "./chunk.rows";
import { assertDimensions, assertSameSpace, type EmbeddingSpace } from "./embedding-space";
import { retrievalMigrations } from "./retrieval.migrations";

export interface SqlChunkStoreOptions {
  sql: SqlClient;
  /** Postgres schema the store owns; default "retrieval". */
  schema?: string;
  space: EmbeddingSpace;
  /** The keyword vector of a chunk stored before keyword search lived here; used once, at open. */
  keywordsOf: (chunk: Chunk) => SparseVector;
}

/** Postgres integers are signed; term ids are u32 (Qdrant's sparse indices). */
const signedTermId = (termId: number) => termId | 0;

/** Chunks re-indexed per transaction when upgrading an index made before keyword postings existed. */
const REINDEX_BATCH = 200;

/**
 * PGlite has no autovacuum: without statistics the planner scans postings instead of
 * using their index (27 ms instead of 4 ms per search over 536 passages), and without
 * the visibility map it cannot read postings from the index alone. The store vacuums
 * and analyzes its tables itself, like autovacuum's default: after a tenth of the chunks
 * (at least 500) were written or deleted since the last time.
 */
const ANALYZE_AFTER = { minimum: 500, fraction: 0.1 } as const;

/**
 * Chunks, keyword postings and (with a dense side) pgvector embeddings in SQL: the
 * embedded store (PGlite), usable on any Postgres with pgvector.
 *
 * Keyword search is an inverted index in tables: a posting per (term, chunk) holding the
 * chunk's term weight, and per-term chunk counts kept up to date with every write, so a
 * query reads the counts of its own terms, turns them into IDF with the same formula
 * Qdrant uses, and sums weight × IDF over the postings of its terms. Dense search is an
 * exact scan: an HNSW index over 100k vectors inside PGlite (WASM, one thread) did not
 * finish building in three minutes, while the scan is exact under filters too. Hybrid
 * ranking fuses both lists with the same reciprocal rank fusion Qdrant runs.
 *
 * IDF counts every tenant's chunks, as Qdrant's `idf` modifier does for a collection.
 */
export async function openSqlChunkStore(options: SqlChunkStoreOptions): Promise<ChunkStore> {
  const { sql, space } = options;
  const schema = options.schema ?? "retrieval";
  await sql.query("CREATE EXTENSION IF NOT EXISTS vector");
  await migrate(sql, { schema, migrations: retrievalMigrations });
  await sql.query(`INSERT INTO ${schema}.embedding_space (model, dimensions) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [space.model, space.dimensions]);
  const stored = await sql.query<EmbeddingSpace>(`SELECT model, dimensions FROM ${schema}.embedding_space`);
  assertSameSpace({ model: stored.rows[0]!.model, dimensions: Number(stored.rows[0]!.dimensions) }, space, `The embedded index (schema "${schema}")`);
  const table = `${schema}.chunks`;
  const postings = `${schema}.keyword_postings`;
  const terms = `${schema}.keyword_terms`;
  const totals = `${schema}.keyword_totals`;
  const tenants = `${schema}.keyword_tenants`;

  /** Removes the postings of these chunks and takes them out of the term and chunk counts. */
  async function dropPostings(tx: SqlExecutor, chunkKeys: readonly number[]): Promise<void> {
    if (chunkKeys.length === 0) return;
    await tx.query(
      `WITH gone AS (DELETE FROM ${postings} WHERE chunk_key = ANY($1::int[]) RETURNING term_id),
            counted AS (SELECT term_id, count(*)::int AS n FROM gone GROUP BY term_id)
       UPDATE ${terms} t SET chunks = t.chunks - counted.n FROM counted WHERE t.term_id = counted.term_id`,
      [chunkKeys],
    );
  }

  /**
   * Tenant keys never change once given, so searches remember them (one small entry per
   * tenant). Writers always ask the table: a key given inside a transaction that rolls
   * back must not be remembered.
   */
  const tenantKeys = new Map<string, number>();
  async function tenantKeyOf(executor: Pick<SqlExecutor, "query">, tenantId: string, create: boolean): Promise<number | undefined> {
    if (!create) {
      const known = tenantKeys.get(tenantId);
      if (known !== undefined) return known;
    } else {
      await executor.query(`INSERT INTO ${tenants} (tenant_id) VALUES ($1) ON CONFLICT (tenant_id) DO NOTHING`, [tenantId]);
    }
    const found = await executor.query<{ tenant_key: number }>(`SELECT tenant_key FROM ${tenants} WHERE tenant_id = $1`, [tenantId]);
    const key = found.rows[0] ? Number(found.rows[0].tenant_key) : undefined;
    if (key !== undefined && !create) tenantKeys.set(tenantId, key);
    return key;
  }

  /** Writes the postings of freshly (re)written chunks and counts them in. */
  async function addPostings(tx: SqlExecutor, entries: readonly { tenantKey: number; chunkKey: number; keywords: SparseVector }[]): Promise<void> {
    const termIds: number[] = [];
    const tenantKeyColumn: number[] = [];
    const chunkKeys: number[] = [];
    const weights: number[] = [];
    for (const { tenantKey, chunkKey, keywords } of entries) {
      keywords.indices.forEach((termId, position) => {
        termIds.push(signedTermId(termId));
        tenantKeyColumn.push(tenantKey);
        chunkKeys.push(chunkKey);
        weights.push(keywords.values[position]!);
      });
    }
    if (termIds.length > 0) {
      // Terms are counted in ascending id order so concurrent writers lock rows alike.
      await tx.query(
        `WITH added AS (
           INSERT INTO ${postings} (term_id, tenant_key, chunk_key, weight)
           SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::real[]) RETURNING term_id)
         INSERT INTO ${terms} (term_id, chunks)
         SELECT term_id, count(*)::int FROM added GROUP BY term_id ORDER BY term_id
         ON CONFLICT (term_id) DO UPDATE SET chunks = ${terms}.chunks + EXCLUDED.chunks`,
        [termIds, tenantKeyColumn, chunkKeys, weights],
      );
    }
    await tx.query(`UPDATE ${table} SET keywords_indexed = true WHERE chunk_key = ANY($1::int[])`, [entries.map((entry) => entry.chunkKey)]);
  }

  async function recountChunks(tx: SqlExecutor): Promise<void> {
    await tx.query(`UPDATE ${totals} SET chunks = (SELECT count(*) FROM ${table} WHERE keywords_indexed)`);
  }

  /** Gives chunks stored before keyword postings existed their postings, a batch per transaction. */
  async function indexOlderChunks(): Promise<void> {
    for (;;) {
      const done = await sql.transaction(async (tx) => {
        const batch = await tx.query<ChunkRow & { tenant_id: string; chunk_key: number }>(
          `SELECT tenant_id, chunk_key, ${CHUNK_COLUMNS} FROM ${table} WHERE NOT keywords_indexed ORDER BY chunk_key LIMIT $1 FOR UPDATE`,
          [REINDEX_BATCH],
        );
        if (batch.rows.length === 0) return true;
        const entries = [];
        for (const row of batch.rows) {
          entries.push({
            tenantKey: (await tenantKeyOf(tx, row.tenant_id, true))!,
            chunkKey: Number(row.chunk_key),
            keywords: options.keywordsOf(chunkFromRow(row)),
          });
        }
        await addPostings(tx, entries);
        await recountChunks(tx);
        return false;
      });
      if (done) return;
    }
  }
  await indexOlderChunks();

  let changedSinceAnalyze = 0;
  let analyzing: Promise<void> | undefined;
  async function analyze(): Promise<void> {
    // VACUUM also marks pages all-visible, which index-only scans of the postings need.
    await sql.query(`VACUUM (ANALYZE) ${table}, ${postings}, ${terms}`);
  }
  /** Counts written or deleted chunks and refreshes the statistics once enough changed, after the write answered. */
  function noteChanges(count: number, total: number): void {
    if (sql.kind !== "pglite") return;
    changedSinceAnalyze += count;
    if (analyzing || changedSinceAnalyze < Math.max(ANALYZE_AFTER.minimum, total * ANALYZE_AFTER.fraction)) return;
    changedSinceAnalyze = 0;
    analyzing = analyze()
      .catch(() => undefined)
      .finally(() => (analyzing = undefined));
  }
  if (sql.kind === "pglite") await analyze();

  function filterClause(first: number): string {
    return `(cardinality($${first}::text[]) = 0 OR c.document_id = ANY($${first}::text[]))
        AND (cardinality($${first + 1}::text[]) = 0 OR c.source = ANY($${first + 1}::text[]))`;
  }

  async function searchKeywords(tenantId: string, keywords: SparseVector, limit: number, filters: SearchFilters): Promise<ScoredChunk[]> {
    if (keywords.indices.length === 0) return [];
    const termIds = keywords.indices.map(signedTermId);
    const counts = await sql.query<{ term_id: number | null; chunks: number }>(
      `SELECT term_id, chunks FROM ${terms} WHERE term_id = ANY($1::int[]) AND chunks > 0
       UNION ALL SELECT NULL, chunks FROM ${totals}`,
      [termIds],
    );
    const total = Number(counts.rows.find((row) => row.term_id === null)?.chunks ?? 0);
    const frequency = new Map(counts.rows.filter((row) => row.term_id !== null).map((row) => [Number(row.term_id), Number(row.chunks)]));
    const queryIds: number[] = [];
    const queryWeights: number[] = [];
    termIds.forEach((termId, position) => {
      const withTerm = frequency.get(termId);
      if (withTerm === undefined) return;
      queryIds.push(termId);
      queryWeights.push(keywords.values[position]! * inverseDocumentFrequency(total, withTerm));
    });
    if (queryIds.length === 0) return [];
    const tenantKey = await tenantKeyOf(sql, tenantId, false);
    if (tenantKey === undefined) return [];
    const filtered = filters.documentIds.length > 0 || filters.sources.length > 0;
    // Scores from the postings alone; chunk rows are read for the winners only, unless a
    // filter needs their document and source.
    const ranked = await sql.query<{ chunk_key: number; score: number }>(
      `SELECT s.chunk_key, s.score
         FROM (SELECT p.chunk_key, sum(q.weight * p.weight) AS score
                 FROM unnest($2::int[], $3::float8[]) AS q(term_id, weight)
                 JOIN ${postings} p ON p.term_id = q.term_id AND p.tenant_key = $1
                GROUP BY p.chunk_key) s
         ${filtered ? `JOIN ${table} c ON c.chunk_key = s.chunk_key WHERE ${filterClause(4)}` : "WHERE cardinality($4::text[]) + cardinality($5::text[]) = 0"}
        ORDER BY s.score DESC, s.chunk_key
        LIMIT $6`,
      [tenantKey, queryIds, queryWeights, filters.documentIds, filters.sources, limit],
    );
    if (ranked.rows.length === 0) return [];
    const rows = await sql.query<ChunkRow & { chunk_key: number }>(`SELECT chunk_key, ${CHUNK_COLUMNS} FROM ${table} WHERE chunk_key = ANY($1::int[])`, [
      ranked.rows.map((row) => Number(row.chunk_key)),
    ]);
    const chunkOfKey = new Map(rows.rows.map((row) => [Number(row.chunk_key), chunkFromRow(row)]));
    // A chunk deleted between the two reads is left out.
    return ranked.rows.flatMap((row) => {
      const chunk = chunkOfKey.get(Number(row.chunk_key));
      return chunk ? [{ chunk, score: Number(row.score) }] : [];
    });
  }

  async function searchDense(tenantId: string, vector: readonly number[], limit: number, filters: SearchFilters): Promise<ScoredChunk[]> {
    const result = await sql.query<ChunkRow & { score: number }>(
      `SELECT ${CHUNK_COLUMNS.split(", ")
        .map((column) => `c.${column}`)
        .join(", ")}, 1 - (c.embedding <=> $2::vector) AS score
         FROM ${table} c
        WHERE c.tenant_id = $1 AND c.embedding IS NOT NULL AND ${filterClause(3)}
        ORDER BY c.embedding <=> $2::vector
        LIMIT $5`,
      [tenantId, JSON.stringify(vector), filters.documentIds, filters.sources, limit],
    );
    return result.rows.map((row) => ({ chunk: chunkFromRow(row), score: Number(row.score) }));
  }

  return {
    kind: sql.kind,

    async upsert(tenantId, chunks, signal) {
      assertDimensions(chunks, space.dimensions);
      signal?.throwIfAborted();
      if (chunks.length === 0) return;
      await sql
        .transaction(async (tx) => {
          const params: unknown[] = [tenantId];
          const rows = chunks.map((chunk: IndexedChunk) => {
            const base = params.length;
            params.push(
              chunk.chunkId,
              chunk.documentId,
              chunk.text,
              chunk.title,
              chunk.source,
              chunk.page,
              chunk.chunkIndex,
              chunk.section,
              JSON.stringify(chunk.metadata),
              chunk.embedding ? JSON.stringify(chunk.embedding) : null,
            );
            const p = (offset: number) => `$${base + offset}`;
            return `($1, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}::jsonb, ${p(10)}::vector, now())`;
          });
          const written = await tx.query<{ chunk_id: string; chunk_key: number; indexed: boolean }>(
            `WITH before AS (
             SELECT chunk_id, keywords_indexed FROM ${table} WHERE tenant_id = $1 AND chunk_id = ANY($${params.length + 1}::text[]))
           INSERT INTO ${table} AS c (tenant_id, ${CHUNK_COLUMNS}, embedding, updated_at) VALUES ${rows.join(", ")}
           ON CONFLICT (tenant_id, chunk_id) DO UPDATE SET
             document_id = EXCLUDED.document_id, text = EXCLUDED.text, title = EXCLUDED.title, source = EXCLUDED.source,
             page = EXCLUDED.page, chunk_index = EXCLUDED.chunk_index, section = EXCLUDED.section,
             metadata = EXCLUDED.metadata, embedding = EXCLUDED.embedding, updated_at = EXCLUDED.updated_at
           RETURNING c.chunk_id, c.chunk_key, coalesce((SELECT keywords_indexed FROM before WHERE before.chunk_id = c.chunk_id), false) AS indexed`,
            [...params, chunks.map((chunk) => chunk.chunkId)],
          );
          const keyOf = new Map(written.rows.map((row) => [row.chunk_id, Number(row.chunk_key)]));
          const tenantKey = (await tenantKeyOf(tx, tenantId, true))!;
          const replaced = written.rows.filter((row) => row.indexed).map((row) => Number(row.chunk_key));
          await dropPostings(tx, replaced);
          await addPostings(
            tx,
            chunks.map((chunk) => ({ tenantKey, chunkKey: keyOf.get(chunk.chunkId)!, keywords: chunk.keywords })),
          );
          const total = await tx.query<{ chunks: number }>(`UPDATE ${totals} SET chunks = chunks + $1 RETURNING chunks`, [chunks.length - replaced.length]);
          return Number(total.rows[0]!.chunks);
        })
        .then((total) => noteChanges(chunks.length, total));
    },

    async deleteDocument(tenantId, documentId) {
      const { count, total } = await sql.transaction(async (tx) => {
        const deleted = await tx.query<{ chunk_key: number; keywords_indexed: boolean }>(
          `DELETE FROM ${table} WHERE tenant_id = $1 AND document_id = $2 RETURNING chunk_key, keywords_indexed`,
          [tenantId, documentId],
        );
        const indexed = deleted.rows.filter((row) => row.keywords_indexed).map((row) => Number(row.chunk_key));
        await dropPostings(tx, indexed);
        const remaining = await tx.query<{ chunks: number }>(`UPDATE ${totals} SET chunks = chunks - $1 RETURNING chunks`, [indexed.length]);
        return { count: deleted.rows.length, total: Number(remaining.rows[0]!.chunks) };
      });
      noteChanges(count, total);
      return count;
    },

    async search(tenantId, query: StoreQuery) {
      const keyword = await searchKeywords(tenantId, query.keywords, query.embedding ? query.candidates : query.limit, query.filters);
      if (!query.embedding) return keyword;
      const dense = await searchDense(tenantId, query.embedding, query.candidates, query.filters);
      const chunks = new Map([...keyword, ...dense].map((hit) => [hit.chunk.chunkId, hit.chunk]));
      return fuseRanks([keyword.map((hit) => hit.chunk.chunkId), dense.map((hit) => hit.chunk.chunkId)])
        .slice(0, query.limit)
        .map(({ id, score }) => ({ chunk: chunks.get(id)!, score }));
    },

    async countChunks(tenantId, documentId) {
      const result = await sql.query<{ count: number | string }>(
        `SELECT count(*) AS count FROM ${table} WHERE tenant_id = $1 AND ($2::text IS NULL OR document_id = $2)`,
        [tenantId, documentId ?? null],
      );
      return Number(result.rows[0]!.count);
    },

    ping: () => sql.ping(),
    // The SQL client belongs to whoever opened it; a statistics refresh under way finishes first.
    close: async () => {
      await analyzing;
    },
  };
}
