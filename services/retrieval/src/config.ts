import { z } from "zod";
import { env, parseEnv } from "@chatbot/core";
import { baseServiceSchema } from "@chatbot/runtime";
import { DEFAULT_RERANK_CANDIDATES } from "./domain/reranker.client";

/** Vector sizes of well-known OpenAI embedding models, so EMBEDDING_DIMENSIONS can be left out for them. */
export const KNOWN_EMBEDDING_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

export const retrievalConfigSchema = baseServiceSchema({ grpcPort: 50052, adminPort: 9102 })
  .extend({
    /** Absent: vectors live in embedded PGlite (pgvector) under DATA_DIR/retrieval. */
    QDRANT_URL: env.url(["http", "https"]),
    QDRANT_API_KEY: z.string().optional(),
    COLLECTION_NAME: z
      .string()
      .regex(/^[\w-]{1,128}$/, "must be letters, digits, '-' or '_'")
      .default("chatbot_chunks"),
    /**
     * `none`: keyword search only, no vectors; `openai`: any OpenAI-compatible /embeddings
     * endpoint (OpenAI, TEI, vLLM, Ollama, Infinity), fused with keyword search.
     */
    EMBEDDING_PROVIDER: z.enum(["none", "openai"], { error: "must be none or openai" }).default("none"),
    /** For openai; default text-embedding-3-small. */
    EMBEDDING_MODEL: z.string().min(1).max(200).optional(),
    /** For openai, e.g. https://api.openai.com/v1 or http://localhost:11434/v1 (Ollama). */
    EMBEDDING_BASE_URL: env.url(["http", "https"]),
    /** For openai; falls back to OPENAI_API_KEY. Servers that need no key still need a placeholder. */
    EMBEDDING_API_KEY: z.string().optional(),
    OPENAI_API_KEY: z.string().optional(),
    /** Vector size; default from the model when known (else required). */
    EMBEDDING_DIMENSIONS: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(8, "must be between 8 and 16000")
      .max(16_000, "must be between 8 and 16000")
      .optional(),
    /**
     * A rerank server (TEI, Infinity, Cohere, Jina, vLLM, ...): its /rerank endpoint, or a base
     * URL that /rerank is appended to. Absent: no reranking.
     */
    RERANK_URL: env.url(["http", "https"]),
    /** Request body: `cohere` ({query, documents}) for most servers, `tei` ({query, texts}) for text-embeddings-inference. */
    RERANK_PROTOCOL: z.enum(["cohere", "tei"], { error: "must be cohere or tei" }).default("cohere"),
    /** Sent as `model`; required by Cohere's and Jina's APIs, ignored by single-model servers. */
    RERANK_MODEL: z.string().min(1).max(200).optional(),
    /** Sent as a bearer token. */
    RERANK_API_KEY: z.string().optional(),
    /**
     * How long a search waits for the reranker before answering in its first-stage order. At most
     * 4 s: the gateway gives a whole search 5 s, and a rerank still running then loses the search.
     */
    RERANK_TIMEOUT_MS: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(50, "must be between 50 and 4000")
      .max(4000, "must be between 50 and 4000")
      .default(1000),
    /**
     * First-stage results the reranker rescores (a search asking for more rescores that many). At
     * most 100: the fusion hands over at most two rankings of 50.
     */
    RERANK_CANDIDATES: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 100")
      .max(100, "must be between 1 and 100")
      .default(DEFAULT_RERANK_CANDIDATES),
  })
  .superRefine((config, context) => {
    if (config.EMBEDDING_PROVIDER !== "openai") return;
    const missing = (variable: string, message: string) => context.addIssue({ code: "custom", path: [variable], message });
    if (!config.EMBEDDING_BASE_URL) missing("EMBEDDING_BASE_URL", "is required when EMBEDDING_PROVIDER=openai");
    if (!config.EMBEDDING_API_KEY && !config.OPENAI_API_KEY) {
      missing("EMBEDDING_API_KEY", "is required when EMBEDDING_PROVIDER=openai (or set OPENAI_API_KEY)");
    }
    const model = config.EMBEDDING_MODEL ?? "text-embedding-3-small";
    if (!config.EMBEDDING_DIMENSIONS && !KNOWN_EMBEDDING_DIMENSIONS[model]) {
      missing("EMBEDDING_DIMENSIONS", `is required for embedding model "${model}" (its vector size is not known)`);
    }
  });

export type RetrievalConfig = z.infer<typeof retrievalConfigSchema>;

export function loadRetrievalConfig(environment: Record<string, string | undefined> = process.env): RetrievalConfig {
  return parseEnv(retrievalConfigSchema, environment);
}
