import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for an embedding server (TEI, vLLM, Ollama, Infinity, OpenAI) speaking the
 * OpenAI `POST /v1/embeddings` wire format. Its "model" hashes character n-grams into a
 * fixed number of dimensions, so texts that share words get close vectors: enough for
 * hybrid search to have a meaningful dense ranking in tests, with no model to download.
 */
export interface EmbeddingsServer {
  /** Base URL as clients take it, ending in /v1. */
  baseUrl: string;
  model: string;
  dimensions: number;
  /** Every request: the texts it asked for and its authorization header. */
  calls: { input: string[]; model: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

export const KIT_EMBEDDING_MODEL = "kit-hashed-ngrams";

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Whole words, character bigrams and trigrams of each word, hashed with a sign; L2-normalised. */
export function kitEmbedding(text: string, dimensions: number): number[] {
  const vector = new Float64Array(dimensions);
  for (const word of text
    .normalize("NFKC")
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? []) {
    const features = [`w:${word}`];
    for (let i = 0; i + 1 < word.length; i++) features.push(`2:${word.slice(i, i + 2)}`);
    for (let i = 0; i + 2 < word.length; i++) features.push(`3:${word.slice(i, i + 3)}`);
    for (const feature of features) {
      const hash = fnv1a(feature);
      vector[(hash & 0x7fffffff) % dimensions]! += hash & 0x80000000 ? -1 : 1;
    }
  }
  const norm = Math.hypot(...vector);
  return Array.from(vector, (value) => (norm === 0 ? 0 : value / norm));
}

export async function startEmbeddingsServer(options: { dimensions?: number } = {}): Promise<EmbeddingsServer> {
  const dimensions = options.dimensions ?? 64;
  const calls: EmbeddingsServer["calls"] = [];
  const server: Server = createServer(async (request: IncomingMessage, response) => {
    let raw = "";
    for await (const part of request) raw += String(part);
    if (request.method !== "POST" || !request.url?.endsWith("/embeddings")) {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
      return;
    }
    const body = JSON.parse(raw) as { input: string | string[]; model: string };
    const input = Array.isArray(body.input) ? body.input : [body.input];
    calls.push({ input, model: body.model, authorization: request.headers.authorization });
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        object: "list",
        model: body.model,
        data: input.map((text, index) => ({ object: "embedding", index, embedding: kitEmbedding(text, dimensions) })),
        usage: { prompt_tokens: input.length, total_tokens: input.length },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    model: KIT_EMBEDDING_MODEL,
    dimensions,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
