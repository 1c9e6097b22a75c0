import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from "openai";
import { AppError } from "@chatbot/core";
import type { EmbeddingClient } from "../domain/embedding.client";

export interface OpenAiEmbeddingOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  dimensions: number;
  /** Send `dimensions` to the API (text-embedding-3 models can shorten their vectors). */
  requestDimensions: boolean;
  /** Texts per request; OpenAI accepts up to 2048. */
  maxBatchSize?: number;
  /** Retries on 408/409/429/5xx and connection errors, with exponential backoff (the SDK honours Retry-After). */
  maxRetries?: number;
  timeoutMs?: number;
}

/**
 * Any OpenAI-compatible embeddings endpoint (OpenAI, vLLM, Ollama, TEI, LM Studio)
 * through the official SDK, which owns the retry loop: backoff with jitter, Retry-After,
 * and no retry once the caller's signal has aborted.
 */
export function createOpenAiEmbeddingClient(options: OpenAiEmbeddingOptions): EmbeddingClient {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey,
    maxRetries: options.maxRetries ?? 4,
    timeout: options.timeoutMs ?? 30_000,
  });
  return {
    model: options.model,
    dimensions: options.dimensions,
    maxBatchSize: options.maxBatchSize ?? 128,
    async embed(texts, signal) {
      if (texts.length === 0) return [];
      let response: OpenAI.Embeddings.CreateEmbeddingResponse;
      try {
        response = await client.embeddings.create(
          {
            model: options.model,
            input: [...texts],
            encoding_format: "float",
            ...(options.requestDimensions ? { dimensions: options.dimensions } : {}),
          },
          { signal: signal ?? null },
        );
      } catch (error) {
        throw mapEmbeddingError(error);
      }
      const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
      if (vectors.length !== texts.length) {
        throw new AppError("bad_gateway", "embedding_bad_response", `the embedding endpoint returned ${vectors.length} vectors for ${texts.length} texts`);
      }
      const wrong = vectors.find((vector) => vector.length !== options.dimensions);
      if (wrong) {
        throw new AppError(
          "bad_gateway",
          "embedding_dimension_mismatch",
          `model "${options.model}" returned ${wrong.length}-dimensional vectors; EMBEDDING_DIMENSIONS is ${options.dimensions}`,
        );
      }
      return vectors;
    },
  };
}

function mapEmbeddingError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof APIUserAbortError) return new AppError("cancelled", "cancelled", "The embedding request was cancelled", { cause: error });
  if (error instanceof APIConnectionError) {
    return new AppError("unavailable", "embedding_unavailable", "The embedding endpoint cannot be reached", { cause: error });
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    if (status === 429) {
      return new AppError("resource_exhausted", "embedding_rate_limited", "The embedding endpoint is rate limiting", { cause: error });
    }
    if (status >= 500) return new AppError("unavailable", "embedding_unavailable", `The embedding endpoint failed (${status})`, { cause: error });
    return new AppError("bad_gateway", "embedding_rejected", `The embedding endpoint refused the request (${status})`, { cause: error });
  }
  return new AppError("bad_gateway", "embedding_failed", "The embedding request failed", { cause: error });
}
