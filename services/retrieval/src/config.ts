import { z } from "zod";
import { env, parseEnv } from "@chatbot/core";
import { baseServiceSchema } from "@chatbot/runtime";

export const retrievalConfigSchema = baseServiceSchema({ grpcPort: 50052, adminPort: 9102 }).extend({
  /** Absent: vectors live in embedded PGlite (pgvector) under DATA_DIR/retrieval. */
  QDRANT_URL: env.url(["http", "https"]),
  QDRANT_API_KEY: z.string().optional(),
  COLLECTION_NAME: z.string().regex(/^[\w-]{1,128}$/, "must be letters, digits, '-' or '_'").default("chatbot_chunks"),
});

export type RetrievalConfig = z.infer<typeof retrievalConfigSchema>;

export function loadRetrievalConfig(environment: Record<string, string | undefined> = process.env): RetrievalConfig {
  return parseEnv(retrievalConfigSchema, environment);
}
