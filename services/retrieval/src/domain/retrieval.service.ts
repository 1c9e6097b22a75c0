import type { ChunkStore } from "./chunk.store";
import type { Chunk, ChunkDraft, IndexedChunk, SearchFilters } from "./chunk.types";
import type { EmbeddingClient } from "./embedding.client";
import { documentTermWeights, queryTermWeights } from "./korean-analysis";
import { rerankDepth, rerankText, rerankTopK, type RerankStage } from "./reranker.client";
import { checkDocumentRequest, checkTenantId, validateSearch, validateUpsert } from "./retrieval.input";
import { toSparseVector, type SparseVector } from "./sparse-vector";

export interface RetrievalServiceOptions {
  store: ChunkStore;
  /**
   * The dense side: an embedding model whose ranking is fused with the keyword one.
   * Absent, no vector is computed or stored and search is keyword only.
   */
  embeddings?: EmbeddingClient;
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

const DEFAULT_CANDIDATES = 50;

export function createRetrievalService(options: RetrievalServiceOptions) {
  const { store, embeddings } = options;
  const candidates = options.candidates ?? DEFAULT_CANDIDATES;

  async function embedAll(provider: EmbeddingClient, texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += provider.maxBatchSize) {
      vectors.push(...(await provider.embed(texts.slice(start, start + provider.maxBatchSize), signal)));
    }
    return vectors;
  }

  return {
    async upsertChunks(tenantId: string, drafts: readonly ChunkDraft[], signal?: AbortSignal): Promise<number> {
      const chunks = validateUpsert(tenantId, drafts);
      const vectors = embeddings ? await embedAll(embeddings, chunks.map(embeddedText), signal) : undefined;
      const keywords = await keywordVectorsOf(chunks, signal);
      const indexed: IndexedChunk[] = chunks.map((chunk, index) => ({
        ...chunk,
        keywords: keywords[index]!,
        ...(vectors ? { embedding: vectors[index]! } : {}),
      }));
      await store.upsert(tenantId, indexed, signal);
      options.onUpserted?.(chunks.length);
      return chunks.length;
    },

    async deleteDocument(tenantId: string, documentId: string, signal?: AbortSignal): Promise<number> {
      checkDocumentRequest(tenantId, documentId);
      return store.deleteDocument(tenantId, documentId, signal);
    },

    async countChunks(tenantId: string, documentId: string | undefined, signal?: AbortSignal): Promise<number> {
      checkTenantId(tenantId);
      return store.countChunks(tenantId, documentId, signal);
    },

    async search(request: { tenantId: string; query: string; k: number; filters: SearchFilters }, signal?: AbortSignal): Promise<SearchResult[]> {
      const started = performance.now();
      const { tenantId, query, k, filters } = validateSearch(request);
      const embedding = embeddings ? (await embeddings.embed([query], signal))[0]! : undefined;
      const results = await store.search(
        tenantId,
        {
          keywords: toSparseVector(queryTermWeights(query)),
          ...(embedding ? { embedding } : {}),
          limit: rerankDepth(k, options.rerank),
          candidates: Math.max(candidates, k),
          filters,
        },
        signal,
      );
      const ranked = options.rerank ? await rerankTopK(options.rerank, query, results, (result) => rerankText(result.chunk), k, signal) : results;
      options.onSearched?.((performance.now() - started) / 1000);
      return ranked;
    },
  };
}

/**
 * Chunks analysed in slices: a full batch of 256 long chunks takes ~50 ms of CPU, which
 * would hold every other search on this process for that long.
 */
const ANALYSIS_SLICE = 32;

async function keywordVectorsOf(chunks: readonly Chunk[], signal?: AbortSignal): Promise<SparseVector[]> {
  const vectors: SparseVector[] = [];
  for (let start = 0; start < chunks.length; start += ANALYSIS_SLICE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    for (const chunk of chunks.slice(start, start + ANALYSIS_SLICE)) vectors.push(toSparseVector(documentTermWeights(chunk)));
  }
  return vectors;
}

/** What the embedding model reads of a chunk: its title gives the passage its topic. */
function embeddedText(chunk: Pick<Chunk, "title" | "text">): string {
  return chunk.title ? `${chunk.title}\n${chunk.text}` : chunk.text;
}

export type RetrievalService = ReturnType<typeof createRetrievalService>;
