import type { SearchService } from "../../domain/search/search.service";
import type { ApiRoutes } from "./api-routes";
import { errorResponse, jsonResponse } from "./common.schemas";
import { DEFAULT_SEARCH_RESULTS, SEARCH_RESULTS_RANGE, SearchBody, SearchResponse } from "./search.schemas";

export function registerSearchRoutes(routes: ApiRoutes, search: SearchService): void {
  routes.add({
    method: "post",
    path: "/api/search",
    access: "tenant",
    summary: "Search the documents",
    description: "Hybrid search (Korean-aware lexical and dense), best first.",
    tags: ["Documents"],
    body: SearchBody,
    responses: { 200: jsonResponse("Results, best first", SearchResponse), 422: errorResponse(`Empty query or k outside ${SEARCH_RESULTS_RANGE}`) },
    async handle({ body, response, context }) {
      const started = performance.now();
      const results = await search.search(context.tenantId, { query: body.query, k: body.k ?? DEFAULT_SEARCH_RESULTS, filters: body.filters }, context.signal);
      response.json({
        results: results.map((result) => ({
          chunk_id: result.chunk_id,
          document_id: result.document_id,
          title: result.title,
          page: result.page > 0 ? result.page : null,
          chunk_index: result.chunk_index,
          section: result.section || null,
          source: result.source || null,
          text: result.text,
          score: result.score,
        })),
        took_ms: Math.round((performance.now() - started) * 100) / 100,
      });
    },
  });
}
