import { z } from "zod";
import { AppError } from "@chatbot/core";
import type { RerankerClient } from "../domain/reranker.client";

/**
 * The two request bodies rerank servers take. `cohere`: `{query, documents, top_n, model}`,
 * spoken by Cohere, Jina, Infinity, vLLM and llama.cpp's server. `tei`: `{query, texts,
 * truncate}`, spoken by Hugging Face text-embeddings-inference. No one body serves both:
 * TEI requires `texts`, and Cohere refuses fields it does not know.
 */
export type RerankProtocol = "cohere" | "tei";

export interface HttpRerankerClientOptions {
  /** The rerank endpoint, or a base URL that `/rerank` is appended to (see {@link rerankEndpoint}). */
  url: string;
  protocol: RerankProtocol;
  /** Sent as `model` when set (Cohere and Jina require one); servers with one model ignore it. */
  model?: string;
  /** Sent as a bearer token when set. */
  apiKey?: string;
  /** Deadline of one rerank call, the caller's signal aside. */
  timeoutMs: number;
}

/**
 * `url` itself when its path ends in `/rerank`, else `url` with `/rerank` appended:
 * `http://tei:8080` → `http://tei:8080/rerank`, `https://api.cohere.com/v2` →
 * `https://api.cohere.com/v2/rerank`, `https://api.jina.ai/v1/rerank` unchanged.
 */
export function rerankEndpoint(url: string): URL {
  const endpoint = new URL(url);
  const path = endpoint.pathname.replace(/\/+$/, "");
  endpoint.pathname = /\/rerank$/.test(path) ? path : `${path}/rerank`;
  return endpoint;
}

const score = z.number().refine(Number.isFinite, "must be a finite number");
const index = z.number().int().min(0);
/** TEI: a bare array, best first. */
const teiAnswer = z.array(z.object({ index, score }));
/** Cohere, Jina, Infinity, vLLM: `results` (older Infinity versions: `data`), best first. */
const cohereEntries = z.array(z.object({ index, relevance_score: score }));
const cohereAnswer = z.union([z.object({ results: cohereEntries }), z.object({ data: cohereEntries })]);

/** The longest piece of an error body quoted in an error message. */
const QUOTED_BODY_CHARACTERS = 200;

/**
 * A reranker behind the rerank HTTP API most servers share. Either answer shape is
 * accepted whichever body was sent. No retries: a rerank has a deadline of a few hundred
 * milliseconds, and the search answers without it when it fails.
 */
export function createHttpRerankerClient(options: HttpRerankerClientOptions): RerankerClient {
  const endpoint = rerankEndpoint(options.url);
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const model = options.model ? { model: options.model } : {};
  const bodyOf = (query: string, texts: readonly string[]) =>
    options.protocol === "tei"
      ? // truncate: a chunk longer than the model's window is scored on its beginning rather than failing the request.
        { query, texts, truncate: true, ...model }
      : // top_n: every text, so that no server's own default cuts the list.
        { query, documents: texts, top_n: texts.length, ...model };

  return {
    model: options.model ?? "server default",
    async rerank(query, texts, signal) {
      if (texts.length === 0) return [];
      const deadline = new AbortController();
      const timer = setTimeout(
        () => deadline.abort(new AppError("deadline_exceeded", "rerank_timeout", `The reranker did not answer within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      // The caller's signal and our deadline as one: listeners rather than AbortSignal.any, as elsewhere in the repository.
      const follow = () => deadline.abort(cancelled(signal?.reason));
      if (signal?.aborted) follow();
      else signal?.addEventListener("abort", follow, { once: true });
      try {
        let response: Response;
        let text: string;
        try {
          response = await fetch(endpoint, { method: "POST", headers, body: JSON.stringify(bodyOf(query, texts)), signal: deadline.signal });
          text = await response.text();
        } catch (error) {
          if (deadline.signal.aborted) throw deadline.signal.reason;
          throw new AppError("unavailable", "rerank_unavailable", "The reranker cannot be reached", { cause: error });
        }
        if (!response.ok) throw statusError(response.status, text);
        return scoresOf(text, texts.length);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", follow);
      }
    },
  };
}

function cancelled(reason: unknown): AppError {
  return new AppError("cancelled", "cancelled", "The rerank request was cancelled", { cause: reason });
}

function statusError(status: number, body: string): AppError {
  const quoted = body.trim().slice(0, QUOTED_BODY_CHARACTERS);
  const message = (what: string) => `${what} (${status})${quoted ? `: ${quoted}` : ""}`;
  if (status === 429) return new AppError("resource_exhausted", "rerank_rate_limited", message("The reranker is rate limiting"));
  if (status >= 500) return new AppError("unavailable", "rerank_unavailable", message("The reranker failed"));
  return new AppError("bad_gateway", "rerank_rejected", message("The reranker refused the request"));
}

/** One score per text, in the texts' order, from either answer shape; anything else is a bad answer. */
function scoresOf(body: string, count: number): number[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw badAnswer("is not JSON");
  }
  let entries: { index: number; score: number }[];
  if (Array.isArray(parsed)) {
    const tei = teiAnswer.safeParse(parsed);
    if (!tei.success) throw badAnswer(`has no index and score per text (${tei.error.issues[0]!.message})`);
    entries = tei.data;
  } else {
    const cohere = cohereAnswer.safeParse(parsed);
    if (!cohere.success) throw badAnswer("has neither a results list of index and relevance_score nor a list of index and score");
    const list = "results" in cohere.data ? cohere.data.results : cohere.data.data;
    entries = list.map((entry) => ({ index: entry.index, score: entry.relevance_score }));
  }
  const scores = new Array<number | undefined>(count).fill(undefined);
  for (const entry of entries) {
    if (entry.index >= count) throw badAnswer(`scores text ${entry.index} of ${count}`);
    if (scores[entry.index] !== undefined) throw badAnswer(`scores text ${entry.index} twice`);
    scores[entry.index] = entry.score;
  }
  const missing = scores.filter((value) => value === undefined).length;
  if (missing > 0) throw badAnswer(`leaves ${missing} of ${count} texts unscored`);
  return scores as number[];
}

function badAnswer(what: string): AppError {
  return new AppError("bad_gateway", "rerank_bad_response", `The reranker's answer ${what}`);
}
