import { vector } from "@electric-sql/pglite-pgvector";
import { AppError } from "@chatbot/core";
import { callServerStream, callUnary, createClient, protos, type ingestV1, type retrievalV1 } from "@chatbot/grpc";
import { createMetricsRegistry, type Registry } from "@chatbot/observability";
import { loadRetrievalConfig, startRetrievalService } from "@chatbot/retrieval";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import { testLogger } from "@chatbot/testkit";
import { loadIngestConfig, startIngestService, type IngestStartOptions } from "../../src";
import type { ChunkIndexClient } from "../../src/domain/chunk-index.client";
import { createGrpcChunkIndexClient } from "../../src/clients/grpc-chunk-index.client";

const INTERNAL = { GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0" };

/**
 * A chunk index that forwards to the real retrieval service, and can be taken "down"
 * (every call fails as unavailable) or made to run a hook before an upsert.
 */
export interface SwitchableIndex extends ChunkIndexClient {
  down: boolean;
  beforeUpsert?: () => Promise<void>;
}

const unavailable = () => new AppError("unavailable", "retrieval_unavailable", "검색 서비스가 내려갔습니다");

export function switchableIndex(inner: ChunkIndexClient): SwitchableIndex {
  const index: SwitchableIndex = {
    down: false,
    async upsertChunks(tenantId, chunks, signal) {
      if (index.down) throw unavailable();
      await index.beforeUpsert?.();
      await inner.upsertChunks(tenantId, chunks, signal);
    },
    async deleteDocument(tenantId, documentId, signal) {
      if (index.down) throw unavailable();
      return inner.deleteDocument(tenantId, documentId, signal);
    },
    countChunks: (tenantId, documentId, signal) => inner.countChunks(tenantId, documentId, signal),
    close: () => inner.close(),
  };
  return index;
}

/** Retrieval on embedded PGlite with pgvector, as embedded mode runs it. */
export async function startRetrieval(registry: Registry = createMetricsRegistry({ collectDefaults: false })) {
  const sql = await createPgliteClient({ extensions: { vector } });
  const handle = await startRetrievalService(loadRetrievalConfig(INTERNAL), { logger: testLogger("retrieval"), registry }, { sql });
  const client = createClient(protos.retrieval().Retrieval, handle.address);
  return {
    sql,
    handle,
    client,
    index: switchableIndex(createGrpcChunkIndexClient({ address: handle.address })),
    async stop() {
      client.close();
      await handle.stop();
      await sql.close();
    },
  };
}

export interface IngestUnderTest {
  handle: ServiceHandle;
  client: ingestV1.Client;
  registry: Registry;
  stop(): Promise<void>;
}

export async function startIngest(
  env: Record<string, string>,
  options: IngestStartOptions,
  registry: Registry = createMetricsRegistry({ collectDefaults: false }),
): Promise<IngestUnderTest> {
  const handle = await startIngestService(loadIngestConfig({ ...INTERNAL, ...env }), { logger: testLogger("ingest"), registry }, options);
  const client = createClient(protos.ingest().Ingest, handle.address);
  return {
    handle,
    client,
    registry,
    async stop() {
      client.close();
      await handle.stop();
    },
  };
}

/** Watches a document until the stream ends (ready or failed) and returns every event. */
export async function watchUntilDone(client: ingestV1.Client, tenantId: string, documentId: string, timeoutMs = 15_000) {
  const events: ingestV1.DocumentEvent[] = [];
  for await (const event of callServerStream(client, "ingest", "WatchDocument", { tenant_id: tenantId, document_id: documentId }, { timeoutMs })) {
    events.push(event);
  }
  return events;
}

export async function countChunks(client: retrievalV1.Client, tenantId: string, documentId: string): Promise<number> {
  return Number((await callUnary(client, "retrieval", "CountChunks", { tenant_id: tenantId, document_id: documentId })).chunks);
}

export type { SqlClient };
