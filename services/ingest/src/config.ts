import { z } from "zod";
import { env, parseEnv } from "@chatbot/core";
import { baseServiceSchema } from "@chatbot/runtime";

export const ingestConfigSchema = baseServiceSchema({ grpcPort: 50054, adminPort: 9104 }).extend({
  /** Document registry; absent: embedded PGlite under DATA_DIR/ingest. */
  DATABASE_URL: env.url(["postgres", "postgresql"]),
  /** Job queue; absent: an in-process queue whose jobs are recovered from the registry after a restart. */
  RABBITMQ_URL: env.url(["amqp", "amqps"]),
  RETRIEVAL_ADDR: env.address("127.0.0.1:50052"),
  MAX_UPLOAD_MB: env.positiveInt(50),
  CHUNK_SIZE: env.positiveInt(1000),
  CHUNK_OVERLAP: env.nonNegativeInt(200),
}).refine((config) => config.CHUNK_OVERLAP < config.CHUNK_SIZE, {
  path: ["CHUNK_OVERLAP"],
  message: "must be smaller than CHUNK_SIZE",
});

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

export function loadIngestConfig(environment: Record<string, string | undefined> = process.env): IngestConfig {
  return parseEnv(ingestConfigSchema, environment);
}
