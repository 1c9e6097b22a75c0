import { SEARCH_QUERY_MAX_CHARACTERS } from "@chatbot/core";
import { z } from "./openapi-zod";

export const SearchFiltersSchema = z
  .object({
    document_ids: z.array(z.string(), { error: "must be a list of document ids" }).max(100, "at most 100").optional(),
    sources: z.array(z.string(), { error: "must be a list of sources" }).max(100, "at most 100").optional(),
  })
  .openapi("SearchFilters");

export const SearchBody = z
  .object({
    query: z
      .string({ error: "must be a string" })
      .max(SEARCH_QUERY_MAX_CHARACTERS, `must be at most ${SEARCH_QUERY_MAX_CHARACTERS.toLocaleString("en")} characters`)
      .refine((value) => value.trim().length > 0, "must not be empty")
      .openapi({ example: "청년 일자리 지원 대상은 누구인가요?" }),
    k: z.number().int("must be a whole number").min(1, "must be between 1 and 50").max(50, "must be between 1 and 50").optional(),
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
