import amqp from "amqplib";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadGatewayConfig, startGateway } from "@chatbot/gateway";
import { loadIngestConfig, startIngestService } from "@chatbot/ingest";
import { loadLlmProxyConfig, startLlmProxyService } from "@chatbot/llm-proxy";
import { createMetricsRegistry } from "@chatbot/observability";
import { loadRetrievalConfig, startRetrievalService } from "@chatbot/retrieval";
import type { ServiceHandle } from "@chatbot/runtime";
import { loadSessionConfig, startSessionService } from "@chatbot/session";
import { createPostgresClient } from "@chatbot/sql";
import { freePort, scaledTimeout, testLogger, testStores, uniqueName } from "@chatbot/testkit";

/** Removes the queues and the exchange a test system's ingest declared under its prefix. */
async function deleteQueues(prefix: string): Promise<void> {
  const connection = await amqp.connect(testStores.rabbitmqUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of ["ingest.jobs", "ingest.jobs.retry", "ingest.jobs.dead"]) await channel.deleteQueue(`${prefix}${queue}`);
    await channel.deleteExchange(`${prefix}ingest.events`);
  } finally {
    await connection.close();
  }
}

export type BackendName = "session" | "retrieval" | "llm-proxy" | "ingest";

/**
 * Every service as in distributed mode: its own gRPC server on a fixed port, real
 * Postgres, Redis and RabbitMQ. Services can be stopped and started again on the
 * same port while the others keep running.
 */
export async function startDistributedSystem() {
  const dataDir = mkdtempSync(join(tmpdir(), "chatbot-dist-"));
  const sessionSchema = uniqueName("dist_session");
  // Suites run in parallel against the same Postgres and RabbitMQ: each system gets its own
  // ingest schema and queue names so no one consumes another's jobs.
  const ingestSchema = uniqueName("dist_ingest");
  const queuePrefix = `${uniqueName("dist")}.`;
  const ports: Record<BackendName, number> = {
    session: await freePort(),
    retrieval: await freePort(),
    "llm-proxy": await freePort(),
    ingest: await freePort(),
  };
  // Calls between services carry a token, as in a deployment.
  const internalToken = `${uniqueName("internal")}-token`;
  const base = (name: BackendName) => ({
    GRPC_HOST: "127.0.0.1",
    INTERNAL_TOKEN: internalToken,
    GRPC_PORT: String(ports[name]),
    ADMIN_PORT: "0",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
  });
  const dependencies = (service: string) => ({
    logger: testLogger(service),
    registry: createMetricsRegistry({ collectDefaults: false }),
  });

  const starters: Record<BackendName, () => Promise<ServiceHandle>> = {
    session: () =>
      startSessionService(loadSessionConfig({ ...base("session"), DATABASE_URL: testStores.postgresUrl }), dependencies("session"), { schema: sessionSchema }),
    retrieval: () => startRetrievalService(loadRetrievalConfig(base("retrieval")), dependencies("retrieval")),
    "llm-proxy": () =>
      startLlmProxyService(
        loadLlmProxyConfig({ ...base("llm-proxy"), REDIS_URL: testStores.redisUrl, REDIS_KEY_PREFIX: `${uniqueName("dist")}:` }),
        dependencies("llm-proxy"),
      ),
    ingest: () =>
      startIngestService(
        loadIngestConfig({
          ...base("ingest"),
          DATABASE_URL: testStores.postgresUrl,
          RABBITMQ_URL: testStores.rabbitmqUrl,
          RETRIEVAL_ADDR: `127.0.0.1:${ports.retrieval}`,
          INGEST_QUEUE_PREFIX: queuePrefix,
        }),
        dependencies("ingest"),
        { schema: ingestSchema },
      ),
  };

  const running = new Map<BackendName, ServiceHandle>();
  for (const name of Object.keys(starters) as BackendName[]) running.set(name, await starters[name]());

  const gateway = await startGateway(
    loadGatewayConfig({
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "silent",
      HEALTH_TIMEOUT_MS: String(scaledTimeout(1000)),
      AUTH_MODE: "none",
      SESSION_ADDR: `127.0.0.1:${ports.session}`,
      RETRIEVAL_ADDR: `127.0.0.1:${ports.retrieval}`,
      LLM_PROXY_ADDR: `127.0.0.1:${ports["llm-proxy"]}`,
      INGEST_ADDR: `127.0.0.1:${ports.ingest}`,
      INTERNAL_TOKEN: internalToken,
    }),
    dependencies("gateway"),
  );

  return {
    url: `http://127.0.0.1:${gateway.port}`,
    queuePrefix,
    async stopService(name: BackendName) {
      await running.get(name)?.stop();
      running.delete(name);
    },
    async startService(name: BackendName) {
      running.set(name, await starters[name]());
    },
    async close() {
      await gateway.stop();
      for (const handle of running.values()) await handle.stop();
      const sql = createPostgresClient({ connectionString: testStores.postgresUrl });
      await sql.query(`DROP SCHEMA IF EXISTS ${sessionSchema} CASCADE`);
      await sql.query(`DROP SCHEMA IF EXISTS ${ingestSchema} CASCADE`);
      await sql.close();
      await deleteQueues(queuePrefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
