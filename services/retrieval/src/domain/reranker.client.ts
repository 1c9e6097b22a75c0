import type { Chunk } from "./chunk.types";

/**
 * Scores texts against a query with a model that reads both together (a cross-encoder),
 * which ranks better than the first stage's independent scores but costs a model call per
 * search. Implementations receive their settings as options and never read the environment.
 */
export interface RerankerClient {
  /** The model named to the reranking server, or a label for logs when the server chooses. */
  readonly model: string;
  /** A relevance score per text, in the order of `texts`; higher is more relevant. */
  rerank(query: string, texts: readonly string[], signal?: AbortSignal): Promise<number[]>;
}

/**
 * How many first-stage results are rescored when the configuration names no number. A
 * reranker can only lift what the first stage found, so it needs more than the k a caller
 * asks for (the chat asks for 5), while its cost grows with every text. 30 is 6× the
 * chat's k, inside the 50 hits each ranking contributes to the fusion, and under
 * text-embeddings-inference's default limit of 32 texts per request
 * (`--max-client-batch-size`), above which that server refuses the whole request.
 */
export const DEFAULT_RERANK_CANDIDATES = 30;

/** The reranking step of a search, with the hooks the service's metrics and logs hang on. */
export interface RerankStage {
  reranker: RerankerClient;
  /** First-stage results rescored; a search asking for more (k) rescores k. */
  candidates: number;
  /** Time spent in each rerank call that ended, failed and timed-out ones included. */
  onReranked?: (seconds: number) => void;
  /** A rerank call failed and the search answered in its first-stage order. */
  onRerankFailed?: (error: unknown) => void;
}

/** How many first-stage results a search keeps for the reranker to rescore. */
export function rerankDepth(k: number, stage: RerankStage | undefined): number {
  return stage ? Math.max(k, stage.candidates) : k;
}

/**
 * What the reranker reads of a chunk: its title once, then its text. (The lexical index
 * repeats the title to weigh it; a cross-encoder weighs words itself.)
 */
export function rerankText(chunk: Pick<Chunk, "title" | "text">): string {
  return chunk.title ? `${chunk.title}\n${chunk.text}` : chunk.text;
}

/**
 * Orders results by their reranker scores, highest first; results scored equally keep the
 * order they came in. Each result's score becomes its reranker score, so that the scores a
 * caller sees fall with the order it sees.
 */
export function rerankResults<T extends { score: number }>(results: readonly T[], scores: readonly number[]): T[] {
  if (scores.length !== results.length) {
    throw new RangeError(`the reranker gave ${scores.length} scores for ${results.length} results`);
  }
  return results
    .map((result, index) => ({ result, score: scores[index]!, index }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ result, score }) => ({ ...result, score }));
}

/**
 * The best k of `results` by the reranker. A reranker improves a search but must never be
 * why one fails: when it fails or runs out of time, the first-stage order is kept (and the
 * failure reported through `onRerankFailed`). A caller that has gone away is different:
 * its cancellation is passed on, since nobody waits for the fallback.
 */
export async function rerankTopK<T extends { score: number }>(
  stage: RerankStage,
  query: string,
  results: readonly T[],
  textOf: (result: T) => string,
  k: number,
  signal?: AbortSignal,
): Promise<T[]> {
  const candidates = results.slice(0, rerankDepth(k, stage));
  // Nothing to reorder: spare the call.
  if (candidates.length < 2) return candidates.slice(0, k);
  const started = performance.now();
  try {
    const scores = await stage.reranker.rerank(query, candidates.map(textOf), signal);
    stage.onReranked?.((performance.now() - started) / 1000);
    return rerankResults(candidates, scores).slice(0, k);
  } catch (error) {
    if (signal?.aborted) throw error;
    stage.onReranked?.((performance.now() - started) / 1000);
    stage.onRerankFailed?.(error);
    return candidates.slice(0, k);
  }
}
