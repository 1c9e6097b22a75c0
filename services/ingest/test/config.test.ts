import { ConfigError } from "@chatbot/core";
import { loadIngestConfig } from "../src";

describe("ingest configuration", () => {
  it("has defaults for the queue and chunking", () => {
    expect(loadIngestConfig({})).toMatchObject({
      GRPC_PORT: 50054,
      CHUNK_SIZE: 1000,
      CHUNK_OVERLAP: 200,
      MAX_UPLOAD_MB: 50,
      INGEST_MAX_ATTEMPTS: 3,
      INGEST_RETRY_DELAY_MS: 5000,
      INGEST_PREFETCH: 2,
      INGEST_QUEUE_PREFIX: "",
      MAX_DOCUMENT_PAGES: 2000,
      MAX_DOCUMENT_CHARS: 5_000_000,
      MAX_DOCUMENT_CHUNKS: 20_000,
      MAX_DOCUMENT_UNPACKED_MB: 256,
      MAX_DOCUMENT_ARCHIVE_ENTRIES: 10_000,
      PARSE_TIMEOUT_SECONDS: 60,
    });
  });

  it("refuses bad values naming the variable", () => {
    expect(() => loadIngestConfig({ INGEST_MAX_ATTEMPTS: "0" })).toThrow(new ConfigError('Invalid configuration: INGEST_MAX_ATTEMPTS: must be positive (got "0")'));
    expect(() => loadIngestConfig({ INGEST_QUEUE_PREFIX: "테스트 큐" })).toThrow(/INGEST_QUEUE_PREFIX/);
    expect(() => loadIngestConfig({ CHUNK_SIZE: "100", CHUNK_OVERLAP: "100" })).toThrow(/CHUNK_OVERLAP: must be smaller than CHUNK_SIZE/);
    expect(() => loadIngestConfig({ RABBITMQ_URL: "http://큐" })).toThrow(/RABBITMQ_URL/);
    expect(() => loadIngestConfig({ PARSE_TIMEOUT_SECONDS: "0" })).toThrow(/PARSE_TIMEOUT_SECONDS/);
  });
});
