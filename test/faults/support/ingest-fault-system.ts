import amqp from "amqplib";
import { loadGatewayConfig, startGateway } from "@chatbot/gateway";
import { loadIngestConfig, startIngestService } from "@chatbot/ingest";
import { createMetricsRegistry, type Registry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPostgresClient } from "@chatbot/sql";
import { freePort, scaledTimeout, testLogger, testStores, uniqueName, type DisposableServer } from "@chatbot/testkit";
import { rabbitNames } from "../../../services/ingest/src/queue/rabbit-names";
import { startRetrieval } from "../../../services/ingest/test/support/ingest-system";
import { fetchJson } from "./http";
import { CHUNKING, type KoreanTextDocument } from "./ingest-documents";
import { DocumentGate, startGatedRetrieval } from "./ingest-gate";

export interface IngestInstance {
  handle: ServiceHandle;
  gate: DocumentGate;
  /** The instance's metrics. */
  registry: Registry;
  /** Graceful stop, as on SIGTERM; resolves with how long it took (ms). */
  stop(): Promise<number>;
}

export interface StoredChunk {
  chunk_id: string;
  document_id: string;
  chunk_index: number;
  text: string;
}

export interface HttpResult {
  status: number;
  body: Record<string, any>;
}

/**
 * Ingest on real Postgres (a schema of its own) and the given RabbitMQ node, retrieval on
 * embedded pgvector, and a gateway in front of them: the document path as in distributed
 * mode. Ingest instances start on one fixed port, so a replacement instance takes over
 * where the gateway already points. Session and llm-proxy are not needed on this path.
 */
export async function startIngestFaultSystem(rabbitmqUrl: string) {
  const retrieval = await startRetrieval();
  const schema = uniqueName("fault_ingest");
  const prefix = `${uniqueName("fault")}.`;
  const names = rabbitNames(prefix);
  const ingestPort = await freePort();
  const instances = new Set<IngestInstance>();

  /**
   * `admit`: documents let through the gate before it holds the rest. `watchPollMs`: how
   * often a progress stream re-reads the registry; a long one leaves it to the events exchange.
   */
  const startIngest = async (options: { admit?: number; watchPollMs?: number; env?: Record<string, string> } = {}): Promise<IngestInstance> => {
    const gate = new DocumentGate(options.admit ?? Infinity);
    const gated = await startGatedRetrieval(retrieval.handle.address, gate);
    const registry = createMetricsRegistry({ collectDefaults: false });
    const handle = await startIngestService(
      loadIngestConfig({
        GRPC_HOST: "127.0.0.1",
        GRPC_PORT: String(ingestPort),
        ADMIN_PORT: "0",
        LOG_LEVEL: "silent",
        DATABASE_URL: testStores.postgresUrl,
        RABBITMQ_URL: rabbitmqUrl,
        RETRIEVAL_ADDR: gated.address,
        INGEST_QUEUE_PREFIX: prefix,
        CHUNK_SIZE: String(CHUNKING.size),
        CHUNK_OVERLAP: String(CHUNKING.overlap),
        ...options.env,
      }),
      { logger: testLogger("ingest"), registry },
      { schema, upsertBatchSize: 2, ...(options.watchPollMs ? { watchPollMs: options.watchPollMs } : {}) },
    );
    const instance: IngestInstance = {
      handle,
      gate,
      registry,
      async stop() {
        if (!instances.delete(instance)) return 0;
        const started = performance.now();
        await handle.stop();
        const took = Math.round(performance.now() - started);
        await gated.stop();
        return took;
      },
    };
    instances.add(instance);
    return instance;
  };

  const gateway = await startGateway(
    loadGatewayConfig({
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "silent",
      HEALTH_TIMEOUT_MS: String(scaledTimeout(1000)),
      AUTH_MODE: "none",
      SESSION_ADDR: `127.0.0.1:${await freePort()}`,
      LLM_PROXY_ADDR: `127.0.0.1:${await freePort()}`,
      RETRIEVAL_ADDR: retrieval.handle.address,
      INGEST_ADDR: `127.0.0.1:${ingestPort}`,
    }),
    { logger: testLogger("gateway"), registry: createMetricsRegistry({ collectDefaults: false }) },
  );
  const url = `http://127.0.0.1:${gateway.port}`;

  const call = async (path: string, init?: RequestInit): Promise<HttpResult> => {
    const { status, body } = await fetchJson(`${url}${path}`, init);
    return { status, body };
  };

  return {
    url,
    startIngest,

    upload(document: KoreanTextDocument): Promise<HttpResult> {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(document.content)], { type: "text/plain" }), document.filename);
      form.append("title", document.title);
      return call("/api/documents", { method: "POST", body: form });
    },

    /** Every document of the tenant, through the public API. */
    async listDocuments(): Promise<Array<Record<string, any>>> {
      const documents: Array<Record<string, any>> = [];
      let cursor = "";
      do {
        const page = await call(`/api/documents?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        if (page.status !== 200) throw new Error(`listing documents answered ${page.status}: ${JSON.stringify(page.body)}`);
        documents.push(...(page.body.documents as Array<Record<string, any>>));
        cursor = (page.body.next_cursor as string | null) ?? "";
      } while (cursor);
      return documents;
    },

    document: (id: string) => call(`/api/documents/${id}`),
    health: () => call("/api/health"),
    search: (query: string, documentId: string, k = 50) =>
      call("/api/search", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, k, filters: { document_ids: [documentId] } }),
      }),

    /** What the retrieval store holds, straight from its table. */
    async storedChunks(): Promise<StoredChunk[]> {
      const result = await retrieval.sql.query<StoredChunk>("SELECT chunk_id, document_id, chunk_index, text FROM retrieval.chunks");
      return result.rows;
    },

    /** Messages ready in each queue of this system (not counting ones in a consumer's hands). */
    async queueDepths(): Promise<{ jobs: number; retry: number; dead: number }> {
      const connection = await amqp.connect(rabbitmqUrl);
      try {
        const channel = await connection.createChannel();
        const depth = async (queue: string) => (await channel.checkQueue(queue)).messageCount;
        return { jobs: await depth(names.jobs), retry: await depth(names.retry), dead: await depth(names.dead) };
      } finally {
        await connection.close();
      }
    },

    async close(): Promise<void> {
      await gateway.stop().catch(() => undefined);
      for (const instance of [...instances]) await instance.stop().catch(() => undefined);
      await retrieval.stop().catch(() => undefined);
      const sql = createPostgresClient({ connectionString: testStores.postgresUrl });
      try {
        await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await sql.close();
      }
    },
  };
}

export type IngestFaultSystem = Awaited<ReturnType<typeof startIngestFaultSystem>>;

/** For afterAll: the system, then the broker it runs on, which goes even when closing the system failed. */
export async function closeWithBroker(system: IngestFaultSystem | undefined, broker: DisposableServer | undefined): Promise<void> {
  try {
    await system?.close();
  } finally {
    await broker?.dispose();
  }
}
