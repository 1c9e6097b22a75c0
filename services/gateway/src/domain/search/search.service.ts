import type { retrievalV1 } from "@chatbot/grpc";
import type { RetrievalClient } from "./retrieval.client";

export interface SearchQuery {
  query: string;
  k: number;
  filters?: { document_ids?: string[] | undefined; sources?: string[] | undefined } | undefined;
}

/** A large batch is many upstream round trips: it gets longer than a unary call's usual 5 s. */
const EMBED_TIMEOUT_MS = 120_000;

export interface SearchService {
  /** Hybrid search (Korean-aware lexical and dense), best first. */
  search(tenantId: string, query: SearchQuery, signal?: AbortSignal): Promise<retrievalV1.SearchResult[]>;
  /** Vectors of `texts` from retrieval's embedding model, and the model's name. */
  embed(tenantId: string, texts: string[], signal?: AbortSignal): Promise<retrievalV1.EmbedResponse>;
}

export function createSearchService(deps: { retrieval: RetrievalClient }): SearchService {
  const { retrieval } = deps;
  return {
    async search(tenantId, query, signal) {
      const found = await retrieval.search(
        {
          tenant_id: tenantId,
          query: query.query,
          k: query.k,
          filters: { document_ids: query.filters?.document_ids ?? [], sources: query.filters?.sources ?? [] },
        },
        { signal },
      );
      return found.results;
    },
    embed: (tenantId, texts, signal) => retrieval.embed({ tenant_id: tenantId, input: texts }, { signal, timeoutMs: EMBED_TIMEOUT_MS }),
  };
}
