import { startGrpcServer } from "@chatbot/grpc";
import { createGrpcServerMetrics } from "@chatbot/observability";
import type { ServiceDependencies, ServiceHandle } from "@chatbot/runtime";
import type { SqlClient } from "@chatbot/sql";
import type { RetrievalConfig } from "./config";
import { openVectorBackend } from "./storage/vector-store-probe";

export interface RetrievalStartOptions {
  /** An already open embedded database (pgvector loaded); the caller closes it. */
  sql?: SqlClient;
}

export async function startRetrievalService(
  config: RetrievalConfig,
  dependencies: ServiceDependencies,
  options: RetrievalStartOptions = {},
): Promise<ServiceHandle> {
  const { logger, registry } = dependencies;
  const backend = await openVectorBackend(config, options.sql);
  const metrics = createGrpcServerMetrics(registry, "retrieval");
  const grpcServer = await startGrpcServer(
    {
      service: "retrieval",
      host: config.GRPC_HOST,
      port: config.GRPC_PORT,
      logger,
      runtime: { logger, observe: metrics.observe },
      stores: [backend.probe],
    },
    () => undefined,
  );
  return {
    address: grpcServer.address,
    port: grpcServer.port,
    async stop() {
      await grpcServer.shutdown();
      await backend.close();
    },
  };
}
