import type { Logger } from "@chatbot/core";
import type { PassageFields } from "@chatbot/grpc";
import type { RetrievalClient } from "../search/retrieval.client";
import type { ChatSource } from "./chat.types";

/** A retrieved passage (`number` 1-based, as cited in the answer: [1], [2], …) and its search score. */
export type Passage = PassageFields & { score: number };

export interface SearchFilters {
  document_ids?: string[] | undefined;
  sources?: string[] | undefined;
}

const SNIPPET_CHARACTERS = 240;
/** How long "this tenant has no indexed chunks" is believed before asking again. */
const AVAILABILITY_TTL_MS = 5000;

export interface PassageRetriever {
  /**
   * Whether the tenant has anything indexed. A retrieval service that does not answer
   * counts as "nothing indexed" for the same few seconds (chat goes on without
   * passages), and is logged once per interval rather than on every chat.
   */
  hasDocuments(tenantId: string, signal?: AbortSignal): Promise<boolean>;
  retrieve(tenantId: string, query: string, k: number, filters: SearchFilters, signal?: AbortSignal): Promise<Passage[]>;
}

/**
 * Finds the passages a reply may cite. Retrieval is skipped (and no `sources` event is
 * sent) for tenants with nothing indexed; that fact is cached briefly per tenant so the
 * common no-documents chat pays no extra call.
 */
export function createPassageRetriever(retrieval: RetrievalClient, logger: Logger): PassageRetriever {
  const availability = new Map<string, { hasChunks: boolean; until: number }>();
  return {
    async hasDocuments(tenantId, signal) {
      const cached = availability.get(tenantId);
      if (cached && cached.until > Date.now()) return cached.hasChunks;
      let hasChunks = false;
      try {
        const counted = await retrieval.countChunks({ tenant_id: tenantId }, { signal, timeoutMs: 2000 });
        hasChunks = counted.chunks > 0;
      } catch (error) {
        if (signal?.aborted) throw error;
        logger.warn({ err: error }, "retrieval unavailable; chats answer without passages for now");
      }
      availability.set(tenantId, { hasChunks, until: Date.now() + AVAILABILITY_TTL_MS });
      return hasChunks;
    },

    async retrieve(tenantId, query, k, filters, signal) {
      const response = await retrieval.search(
        { tenant_id: tenantId, query, k, filters: { document_ids: filters.document_ids ?? [], sources: filters.sources ?? [] } },
        { signal, timeoutMs: 5000 },
      );
      return response.results.map((result, index) => ({
        number: index + 1,
        documentId: result.document_id,
        title: result.title,
        page: result.page,
        chunkIndex: result.chunk_index,
        text: result.text,
        score: result.score,
      }));
    },
  };
}

export function toSources(passages: Passage[]): ChatSource[] {
  return passages.map((passage) => ({
    document_id: passage.documentId,
    title: passage.title,
    page: passage.page > 0 ? passage.page : null,
    chunk_index: passage.chunkIndex,
    snippet: passage.text.length > SNIPPET_CHARACTERS ? `${passage.text.slice(0, SNIPPET_CHARACTERS)}…` : passage.text,
    score: passage.score,
  }));
}
