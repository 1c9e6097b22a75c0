import { createHash } from "node:crypto";
import { QdrantClient } from "@qdrant/js-client-rest";
import { AppError } from "@chatbot/core";
import type { ChunkStore, StoreQuery } from "../domain/chunk-store";
import type { Chunk, SearchFilters } from "../domain/chunk.types";
import { RRF_K } from "../domain/rank-fusion";
import { assertDimensions, assertSameSpace, type EmbeddingSpace } from "./embedding-space";

export interface QdrantChunkStoreOptions {
  url: string;
  apiKey?: string;
  collection: string;
  /** The dense side's model and size; `NO_DENSE_SPACE` keeps the collection keyword only. */
  space: EmbeddingSpace;
}

/** Named vectors of a point: the keyword side (sparse, IDF applied by Qdrant) and the dense side. */
const KEYWORDS = "keywords";
const DENSE = "dense";

/** What each point carries besides its vectors; tenant_id, document_id and source are indexed for filters. */
interface ChunkPayload {
  tenant_id: string;
  chunk_id: string;
  document_id: string;
  text: string;
  title: string;
  source: string;
  page: number;
  chunk_index: number;
  section: string;
  metadata: Record<string, unknown>;
}

/**
 * Qdrant point ids must be unsigned integers or UUIDs; a name-based (version 5 style)
 * UUID of tenant and chunk id keeps upserts idempotent and tenants apart.
 */
export function pointIdOf(tenantId: string, chunkId: string): string {
  const bytes = createHash("sha1").update(`chatbot-chunk\u0000${tenantId}\u0000${chunkId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function filterOf(tenantId: string, filters?: SearchFilters, documentId?: string) {
  const must: object[] = [{ key: "tenant_id", match: { value: tenantId } }];
  if (documentId !== undefined) must.push({ key: "document_id", match: { value: documentId } });
  if (filters?.documentIds.length) must.push({ key: "document_id", match: { any: [...filters.documentIds] } });
  if (filters?.sources.length) must.push({ key: "source", match: { any: [...filters.sources] } });
  return { must };
}

function chunkOf(payload: ChunkPayload): Chunk {
  return {
    chunkId: payload.chunk_id,
    documentId: payload.document_id,
    text: payload.text,
    title: payload.title,
    source: payload.source,
    page: payload.page,
    chunkIndex: payload.chunk_index,
    section: payload.section,
    metadata: payload.metadata ?? {},
  };
}

/** Turns connection failures into `vector_store_unavailable` so callers answer 503. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("unavailable", "vector_store_unavailable", "The vector store (Qdrant) is unavailable", { cause: error });
  }
}

/** The HTTP status of a failed Qdrant call, when it got an answer. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * Creates the collection and its payload indexes unless they exist. Safe to run from any
 * number of replicas at once: a replica that loses the race to create the collection
 * gets 409 and goes on, and creating an index that exists is a no-op in Qdrant.
 */
async function ensureCollection(client: QdrantClient, collection: string, space: EmbeddingSpace): Promise<void> {
  const { exists } = await guarded(() => client.collectionExists(collection));
  if (!exists) {
    try {
      await client.createCollection(collection, {
        vectors: space.dimensions > 0 ? { [DENSE]: { size: space.dimensions, distance: "Cosine" } } : {},
        sparse_vectors: { [KEYWORDS]: { modifier: "idf" } },
        metadata: { embedding_model: space.model, embedding_dimensions: space.dimensions },
      });
    } catch (error) {
      if (statusOf(error) !== 409) await guarded(() => Promise.reject(error));
    }
  }
  // The tenant index is marked `is_tenant`, so Qdrant keeps a tenant's points together.
  await guarded(() =>
    client.createPayloadIndex(collection, { field_name: "tenant_id", field_schema: { type: "keyword", is_tenant: true }, wait: true }),
  );
  for (const field of ["document_id", "source"]) {
    await guarded(() => client.createPayloadIndex(collection, { field_name: field, field_schema: "keyword", wait: true }));
  }
}

/** Refuses a collection made for another embedding space or before the keyword side moved into Qdrant. */
async function checkCollection(client: QdrantClient, collection: string, space: EmbeddingSpace): Promise<void> {
  const info = await guarded(() => client.getCollection(collection));
  const sparse = info.config.params.sparse_vectors?.[KEYWORDS];
  if (!sparse || sparse.modifier !== "idf") {
    throw new AppError(
      "conflict",
      "collection_layout_mismatch",
      `Qdrant collection "${collection}" has no "${KEYWORDS}" sparse vectors with the idf modifier (it was made by an older ` +
        `version): use a new COLLECTION_NAME and re-ingest the documents`,
    );
  }
  const vectors = info.config.params.vectors as Record<string, { size?: number }> | undefined;
  const storedModel = info.config.metadata?.["embedding_model"];
  assertSameSpace(
    { model: typeof storedModel === "string" ? storedModel : space.model, dimensions: Number(vectors?.[DENSE]?.size ?? 0) },
    space,
    `Qdrant collection "${collection}"`,
  );
}

/**
 * Chunks with their keyword and dense vectors in one Qdrant collection (distributed
 * mode). Both sides are searched, filtered and fused inside Qdrant in one Query API
 * request, so the retrieval process keeps no index of its own.
 */
export async function openQdrantChunkStore(options: QdrantChunkStoreOptions): Promise<ChunkStore> {
  const { collection, space } = options;
  const client = new QdrantClient({
    url: options.url,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    checkCompatibility: false,
  });
  await ensureCollection(client, collection, space);
  await checkCollection(client, collection, space);

  function searchRequest(tenantId: string, query: StoreQuery) {
    const filter = filterOf(tenantId, query.filters);
    const keywords = { query: { indices: query.keywords.indices, values: query.keywords.values }, using: KEYWORDS };
    if (!query.embedding) return { ...keywords, filter, limit: query.limit, with_payload: true };
    const dense = { query: [...query.embedding], using: DENSE };
    const prefetch = [
      ...(query.keywords.indices.length > 0 ? [{ ...keywords, filter, limit: query.candidates }] : []),
      { ...dense, filter, limit: query.candidates },
    ];
    return { prefetch, query: { rrf: { k: RRF_K } }, filter, limit: query.limit, with_payload: true };
  }

  return {
    kind: "qdrant",

    async upsert(tenantId, chunks) {
      assertDimensions(chunks, space.dimensions);
      if (chunks.length === 0) return;
      await guarded(() =>
        client.upsert(collection, {
          wait: true,
          points: chunks.map((chunk) => ({
            id: pointIdOf(tenantId, chunk.chunkId),
            vector: {
              [KEYWORDS]: { indices: chunk.keywords.indices, values: chunk.keywords.values },
              ...(chunk.embedding ? { [DENSE]: [...chunk.embedding] } : {}),
            },
            payload: {
              tenant_id: tenantId,
              chunk_id: chunk.chunkId,
              document_id: chunk.documentId,
              text: chunk.text,
              title: chunk.title,
              source: chunk.source,
              page: chunk.page,
              chunk_index: chunk.chunkIndex,
              section: chunk.section,
              metadata: chunk.metadata,
            } satisfies ChunkPayload,
          })),
        }),
      );
    },

    async deleteDocument(tenantId, documentId) {
      const filter = filterOf(tenantId, undefined, documentId);
      const { count } = await guarded(() => client.count(collection, { filter, exact: true }));
      if (count > 0) await guarded(() => client.delete(collection, { wait: true, filter }));
      return count;
    },

    async search(tenantId, query) {
      if (!query.embedding && query.keywords.indices.length === 0) return [];
      const result = await guarded(() => client.query(collection, searchRequest(tenantId, query)));
      return result.points.map((point) => ({ chunk: chunkOf(point.payload as unknown as ChunkPayload), score: point.score }));
    },

    async countChunks(tenantId, documentId) {
      const { count } = await guarded(() => client.count(collection, { filter: filterOf(tenantId, undefined, documentId), exact: true }));
      return count;
    },

    async ping() {
      await guarded(() => client.collectionExists(collection));
    },
    close: async () => undefined,
  };
}
