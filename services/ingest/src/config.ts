import { z } from "zod";
import { env, parseEnv } from "@chatbot/core";
import { baseServiceSchema } from "@chatbot/runtime";

export const ingestConfigSchema = baseServiceSchema({ grpcPort: 50054, adminPort: 9104 })
  .extend({
    /** Document registry; absent: embedded PGlite under DATA_DIR/ingest. */
    DATABASE_URL: env.url(["postgres", "postgresql"]),
    /** Job queue; absent: an in-process queue whose jobs are recovered from the registry after a restart. */
    RABBITMQ_URL: env.url(["amqp", "amqps"]),
    RETRIEVAL_ADDR: env.address("127.0.0.1:50052"),
    MAX_UPLOAD_MB: env.positiveInt(50),
    CHUNK_SIZE: env.positiveInt(1000),
    CHUNK_OVERLAP: env.nonNegativeInt(200),
    /** Pages per document (PDF, HWP, HWPX): long books and manuals fit; a page-count bomb is refused before any text is extracted. */
    MAX_DOCUMENT_PAGES: env.positiveInt(2000),
    /** Characters of text per document: 2,000 dense pages of about 2,500 characters each. */
    MAX_DOCUMENT_CHARS: env.positiveInt(5_000_000),
    /** Chunks per document: MAX_DOCUMENT_CHARS at the default chunk size is about 6,250; this leaves room for smaller chunks. */
    MAX_DOCUMENT_CHUNKS: env.positiveInt(20_000),
    /**
     * Bytes inflated from one document's compressed parts (HWPX and DOCX archive entries,
     * compressed HWP sections) at most: a zip bomb fails with unpacked_too_large, whatever
     * sizes it declares. XML takes about ten times its text; images count too.
     */
    MAX_DOCUMENT_UNPACKED_MB: env.positiveInt(256),
    /** Files one document's ZIP archive (HWPX, DOCX) may list: real documents have tens to a few hundred. */
    MAX_DOCUMENT_ARCHIVE_ENTRIES: env.positiveInt(10_000),
    /** Parsing of one document (in a worker thread) is stopped after this long: a 2,000-page PDF takes a few seconds. */
    PARSE_TIMEOUT_SECONDS: env.positiveInt(60),
    /** Deliveries of one job before it goes to the dead-letter queue and its document fails. */
    INGEST_MAX_ATTEMPTS: env.positiveInt(3),
    /** Wait before a failed job is delivered again (the retry queue's message TTL). */
    INGEST_RETRY_DELAY_MS: env.positiveInt(5000),
    /** Jobs one replica works on at once (RabbitMQ prefetch). */
    INGEST_PREFETCH: env.positiveInt(2),
    /**
     * How often to look for documents whose job the queue lost (a broker back without its
     * data); also once shortly after every reconnect to the broker.
     */
    INGEST_LOST_JOB_CHECK_SECONDS: env.positiveInt(60),
    /**
     * A queued or processing document not updated for this long, while no job waits in the
     * queue, gets its job published again. Longer than a publish can take; workers refresh
     * the documents they hold every quarter of it.
     */
    INGEST_LOST_JOB_GRACE_SECONDS: env.positiveInt(120),
    /** Prepended to every queue and exchange name, so several deployments (or test runs) share one broker. */
    INGEST_QUEUE_PREFIX: z
      .string()
      .regex(/^[\w.-]*$/, "may only contain letters, digits, '_', '-' and '.'")
      .default(""),
  })
  .refine((config) => config.CHUNK_OVERLAP < config.CHUNK_SIZE, {
    path: ["CHUNK_OVERLAP"],
    message: "must be smaller than CHUNK_SIZE",
  });

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

export function loadIngestConfig(environment: Record<string, string | undefined> = process.env): IngestConfig {
  return parseEnv(ingestConfigSchema, environment);
}
