import { startGrpcServer, protos, type HandlerRuntime } from "@chatbot/grpc";
import { counter, createGrpcServerMetrics, histogram } from "@chatbot/observability";
import { grpcSecurityOf, grpcServiceHandle, type ServiceDependencies, type ServiceHandle } from "@chatbot/runtime";
import type { SqlClient } from "@chatbot/sql";
import type { RetrievalConfig } from "./config";
import { documentTermWeights } from "./domain/korean-analysis";
import { createRetrievalService } from "./domain/retrieval.service";
import { toSparseVector } from "./domain/sparse-vector";
import { createEmbeddingClient } from "./clients/embedding-client.factory";
import { createRerankStage } from "./clients/rerank-stage.factory";
import { NO_DENSE_SPACE } from "./storage/embedding-space";
import { openChunkStore } from "./storage/chunk-store.factory";
import { createRetrievalHandlers } from "./transport/retrieval.grpc";

export interface RetrievalStartOptions {
  /** An already open embedded database (pgvector loaded); the caller closes it. */
  sql?: SqlClient;
  /** Postgres schema of the embedded store; default "retrieval". */
  schema?: string;
}

export const RETRIEVAL_SERVICE_NAME = "chatbot.retrieval.v1.Retrieval";

export async function startRetrievalService(config: RetrievalConfig, dependencies: ServiceDependencies, options: RetrievalStartOptions = {}): Promise<ServiceHandle> {
  const { logger, registry } = dependencies;
  const embeddings = createEmbeddingClient(config);
  const space = embeddings ? { model: embeddings.model, dimensions: embeddings.dimensions } : NO_DENSE_SPACE;
  const started = performance.now();
  const store = await openChunkStore(config, space, (chunk) => toSparseVector(documentTermWeights(chunk)), options);
  logger.info({ store: store.kind, ...space, ms: Math.round(performance.now() - started) }, "chunk store open");
  try {
    const upserted = counter(registry, {
      name: "chatbot_retrieval_chunks_upserted_total",
      help: "Chunks written to the index (a re-upserted chunk counts again)",
      labelNames: [] as const,
    });
    const searchDuration = histogram(registry, {
      name: "chatbot_retrieval_search_duration_seconds",
      help: "Search latency in seconds (keyword, or hybrid with the query embedding included), reranking included",
      labelNames: [] as const,
    });
    const service = createRetrievalService({
      store,
      ...(embeddings ? { embeddings } : {}),
      onUpserted: (count) => upserted.inc(count),
      onSearched: (seconds) => searchDuration.observe(seconds),
      rerank: createRerankStage(config, dependencies),
    });

    const metrics = createGrpcServerMetrics(registry, "retrieval");
    const runtime: HandlerRuntime = { logger, observe: metrics.observe };
    const server = await startGrpcServer(
      {
        service: "retrieval",
        host: config.GRPC_HOST,
        security: grpcSecurityOf(config),
        port: config.GRPC_PORT,
        logger,
        runtime,
        stores: [{ name: "vector_store", kind: store.kind, ping: () => store.ping() }],
        healthNames: [RETRIEVAL_SERVICE_NAME],
      },
      (grpcServer) => grpcServer.addService(protos.retrieval().Retrieval.service, createRetrievalHandlers(service, runtime, embeddings)),
    );
    return grpcServiceHandle(server, () => store.close());
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}
