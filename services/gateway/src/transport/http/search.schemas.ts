import { SEARCH_FILTER_MAX_ENTRIES, SEARCH_QUERY_MAX_CHARACTERS, SEARCH_RESULTS_MAX, SEARCH_RESULTS_MIN } from "@chatbot/core";
import { z } from "./openapi-zod";

/** Results a search or a chat's retrieval gets when the request names no k (retrieval itself has no default). */
export const DEFAULT_SEARCH_RESULTS = 5;
/** k's range, as the 422 descriptions name it. */
export const SEARCH_RESULTS_RANGE = `${SEARCH_RESULTS_MIN}..${SEARCH_RESULTS_MAX}`;
/** Why a k outside SEARCH_RESULTS_MIN..SEARCH_RESULTS_MAX is refused. */
export const SEARCH_RESULTS_MESSAGE = `must be between ${SEARCH_RESULTS_MIN} and ${SEARCH_RESULTS_MAX}`;

export const SearchFiltersSchema = z
  .object({
    document_ids: z.array(z.string(), { error: "must be a list of document ids" }).max(SEARCH_FILTER_MAX_ENTRIES, `at most ${SEARCH_FILTER_MAX_ENTRIES}`).optional(),
    sources: z.array(z.string(), { error: "must be a list of sources" }).max(SEARCH_FILTER_MAX_ENTRIES, `at most ${SEARCH_FILTER_MAX_ENTRIES}`).optional(),
  })
  .openapi("SearchFilters");

export const SearchBody = z
  .object({
    query: z
      .string({ error: "must be a string" })
      .max(SEARCH_QUERY_MAX_CHARACTERS, `must be at most ${SEARCH_QUERY_MAX_CHARACTERS.toLocaleString("en")} characters`)
      .refine((value) => value.trim().length > 0, "must not be empty")
      .openapi({ example: "청년 일자리 지원 대상은 누구인가요?" }),
    k: z.number().int("must be a whole number").min(SEARCH_RESULTS_MIN, SEARCH_RESULTS_MESSAGE).max(SEARCH_RESULTS_MAX, SEARCH_RESULTS_MESSAGE).optional(),
    filters: SearchFiltersSchema.optional(),
  })
  .openapi("SearchRequest");

export const SearchResponse = z
  .object({
    results: z.array(
      z.object({
        chunk_id: z.string(),
        document_id: z.string(),
        title: z.string(),
        page: z.number().int().nullable(),
        chunk_index: z.number().int(),
        section: z.string().nullable(),
        source: z.string().nullable(),
        text: z.string(),
        score: z.number(),
      }),
    ),
    took_ms: z.number(),
  })
  .openapi("SearchResponse");
