// Starts the retrieval service as embedded mode runs it (PGlite with pgvector under a
// throw-away DATA_DIR, default configuration) on a loopback port, for the benchmark scripts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, protos, type retrievalV1 } from "@chatbot/grpc";
import { createLogger } from "@chatbot/core";
import { createMetricsRegistry } from "@chatbot/observability";
import { loadRetrievalConfig, startRetrievalService } from "@chatbot/retrieval";

export async function startEmbeddedRetrieval(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "retrieval-bench-"));
  const config = loadRetrievalConfig({ ...process.env, GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env });
  const registry = createMetricsRegistry({ collectDefaults: false });
  const handle = await startRetrievalService(config, { logger: createLogger({ service: "retrieval", level: "warn" }), registry });
  const client: retrievalV1.Client = createClient(protos.retrieval().Retrieval, handle.address);
  return {
    client,
    /** The service's metrics (search and rerank histograms). */
    registry,
    async stop() {
      client.close();
      await handle.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
