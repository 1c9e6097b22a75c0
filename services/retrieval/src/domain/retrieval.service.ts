import type { ChunkStore } from "./chunk-store";
import type { Chunk, EmbeddedChunk, SearchFilters } from "./chunk.types";
import { indexedText } from "./chunk.types";
import type { EmbeddingProvider } from "./embedding-provider";
import type { LexicalIndex } from "./lexical-index";
import { fuseRanks } from "./rank-fusion";
import { rerankDepth, rerankText, rerankTopK, type RerankStage } from "./reranker";
import { checkDocumentRequest, checkTenantId, validateSearch, validateUpsert, type ChunkDraft } from "./retrieval-input";

export interface RetrievalServiceOptions {
  store: ChunkStore;
  lexical: LexicalIndex;
  embeddings: EmbeddingProvider;
  /**
   * Weight of the dense ranking in the fusion (the lexical one weighs 1); 0 skips the
   * dense search. See `defaultDenseWeight` for why it depends on the provider.
   */
  denseWeight: number;
  /** Hits taken from each ranking before fusing; default 50. */
  candidates?: number;
  onUpserted?: (chunks: number) => void;
  onSearched?: (seconds: number) => void;
  /** Rescores the best first-stage results with a reranker; absent, searches keep the fusion's order. */
  rerank?: RerankStage;
}

export interface SearchResult {
  chunk: Chunk;
  score: number;
}

/**
 * The dense ranking's default weight per embedding provider. The built-in `local`
 * embedding is hashed character n-grams: the same evidence BM25 already has, minus
 * IDF, so fusing it in only adds noise (measured through gRPC: recall@1 0.930 at weight 0,
 * 0.845 at 0.1, 0.760 at 1; bench/retrieval/RESULTS.md) and costs an exact vector scan. A real embedding model
 * brings meaning that n-grams miss, so it fuses at equal weight.
 */
export function defaultDenseWeight(provider: "local" | "openai"): number {
  return provider === "local" ? 0 : 1;
}

const DEFAULT_CANDIDATES = 50;

export function createRetrievalService(options: RetrievalServiceOptions) {
  const { store, lexical, embeddings, denseWeight } = options;
  const candidates = options.candidates ?? DEFAULT_CANDIDATES;

  async function embedAll(texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += embeddings.maxBatchSize) {
      vectors.push(...(await embeddings.embed(texts.slice(start, start + embeddings.maxBatchSize), signal)));
    }
    return vectors;
  }

  return {
    /** Rebuilds the in-process lexical index from the stored chunks; run once at start. */
    async loadLexicalIndex(signal?: AbortSignal): Promise<number> {
      let loaded = 0;
      for await (const page of store.scanLexical(1000, signal)) {
        lexical.upsert(page.tenantId, page.documents);
        loaded += page.documents.length;
      }
      return loaded;
    },

    async upsertChunks(tenantId: string, drafts: readonly ChunkDraft[], signal?: AbortSignal): Promise<number> {
      const chunks = validateUpsert(tenantId, drafts);
      const vectors = await embedAll(chunks.map(indexedText), signal);
      const embedded: EmbeddedChunk[] = chunks.map((chunk, index) => ({ ...chunk, embedding: vectors[index]! }));
      await store.upsert(tenantId, embedded, signal);
      lexical.upsert(
        tenantId,
        chunks.map((chunk) => ({ chunkId: chunk.chunkId, documentId: chunk.documentId, source: chunk.source, text: indexedText(chunk) })),
      );
      options.onUpserted?.(chunks.length);
      return chunks.length;
    },

    async deleteDocument(tenantId: string, documentId: string, signal?: AbortSignal): Promise<number> {
      checkDocumentRequest(tenantId, documentId);
      const deleted = await store.deleteDocument(tenantId, documentId, signal);
      lexical.deleteDocument(tenantId, documentId);
      return deleted;
    },

    async countChunks(tenantId: string, documentId: string | undefined, signal?: AbortSignal): Promise<number> {
      checkTenantId(tenantId);
      return store.countChunks(tenantId, documentId, signal);
    },

    async search(
      request: { tenantId: string; query: string; k: number; filters: SearchFilters },
      signal?: AbortSignal,
    ): Promise<SearchResult[]> {
      const started = performance.now();
      const { tenantId, query, k, filters } = validateSearch(request);
      const depth = Math.max(candidates, k);
      const lexicalHits = lexical.search(tenantId, query, depth, filters);
      const denseHits =
        denseWeight > 0 ? await store.searchDense(tenantId, (await embeddings.embed([query], signal))[0]!, depth, filters, signal) : [];
      const fused = fuseRanks([
        { ids: lexicalHits.map((hit) => hit.chunkId), weight: 1 },
        { ids: denseHits.map((hit) => hit.chunk.chunkId), weight: denseWeight },
      ]).slice(0, rerankDepth(k, options.rerank));

      const known = new Map(denseHits.map((hit) => [hit.chunk.chunkId, hit.chunk]));
      const missing = fused.map((entry) => entry.id).filter((id) => !known.has(id));
      for (const chunk of await store.getChunks(tenantId, missing, signal)) known.set(chunk.chunkId, chunk);
      // A chunk deleted between ranking and fetching is simply left out.
      const results = fused.flatMap(({ id, score }) => {
        const chunk = known.get(id);
        return chunk ? [{ chunk, score }] : [];
      });
      const ranked = options.rerank ? await rerankTopK(options.rerank, query, results, (result) => rerankText(result.chunk), k, signal) : results;
      options.onSearched?.((performance.now() - started) / 1000);
      return ranked;
    },
  };
}

export type RetrievalService = ReturnType<typeof createRetrievalService>;
