import { startGrpcServer } from "@chatbot/grpc";
import { createGrpcServerMetrics } from "@chatbot/observability";
import type { ServiceDependencies, ServiceHandle } from "@chatbot/runtime";
import type { SqlClient } from "@chatbot/sql";
import type { IngestConfig } from "./config";
import { openIngestStores } from "./storage/open-stores";

export interface IngestStartOptions {
  /** An already open embedded database shared with other services; the caller closes it. */
  sql?: SqlClient;
}

export async function startIngestService(
  config: IngestConfig,
  dependencies: ServiceDependencies,
  options: IngestStartOptions = {},
): Promise<ServiceHandle> {
  const { logger, registry } = dependencies;
  const stores = await openIngestStores(config, logger, options.sql);
  const metrics = createGrpcServerMetrics(registry, "ingest");
  const grpcServer = await startGrpcServer(
    {
      service: "ingest",
      host: config.GRPC_HOST,
      port: config.GRPC_PORT,
      logger,
      runtime: { logger, observe: metrics.observe },
      stores: stores.probes,
    },
    () => undefined,
  );
  return {
    address: grpcServer.address,
    port: grpcServer.port,
    async stop() {
      await grpcServer.shutdown();
      await stores.close();
    },
  };
}
