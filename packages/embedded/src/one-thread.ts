import { join } from "node:path";
import { vector } from "@electric-sql/pglite-pgvector";
import { createLogger, type Logger } from "@chatbot/core";
import { shutdownDeadlineMs, startGateway } from "@chatbot/gateway";
import { startIngestService } from "@chatbot/ingest";
import { startLlmProxyService } from "@chatbot/llm-proxy";
import { createMetricsRegistry } from "@chatbot/observability";
import { startRetrievalService } from "@chatbot/retrieval";
import type { ServiceHandle } from "@chatbot/runtime";
import { startSessionService } from "@chatbot/session";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import type { EmbeddedConfig } from "./embedded-config";
import type { EmbeddedSystem } from "./start-embedded";
import { SHARED_STORE_DIR } from "./store-layout";

/**
 * The layout `npm start` had before each service got a thread: all five services in one
 * thread (one event loop, so one core), sharing one registry and, without DATABASE_URL, one
 * PGlite at DATA_DIR/pglite holding the session, retrieval and ingest schemas. Kept to compare
 * the layouts (bench/embedded) and to write data the way earlier versions did (the upgrade test).
 */
export async function startOneThread(config: EmbeddedConfig, env: Record<string, string | undefined>): Promise<EmbeddedSystem> {
  const level = config.gateway.LOG_LEVEL;
  const loggers: Record<string, Logger> = {};
  const loggerFor = (service: string) => (loggers[service] ??= createLogger({ service, level }));
  const registry = createMetricsRegistry();
  const dependencies = (service: string) => ({ logger: loggerFor(service), registry });

  const started: ServiceHandle[] = [];
  let sharedSql: SqlClient | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const handle of started.reverse()) await handle.stop().catch(() => undefined);
      await sharedSql?.close().catch(() => undefined);
    })());

  try {
    if (!env.DATABASE_URL) {
      sharedSql = await createPgliteClient({ dataDir: join(config.session.DATA_DIR, SHARED_STORE_DIR), extensions: { vector } });
    }
    const sqlOption = sharedSql ? { sql: sharedSql } : {};
    const session = await startSessionService(config.session, dependencies("session"), sqlOption);
    started.push(session);
    const retrieval = await startRetrievalService(config.retrieval, dependencies("retrieval"), sqlOption);
    started.push(retrieval);
    const llmProxy = await startLlmProxyService(config.llmProxy, dependencies("llm-proxy"));
    started.push(llmProxy);
    const ingest = await startIngestService({ ...config.ingest, RETRIEVAL_ADDR: retrieval.address }, dependencies("ingest"), sqlOption);
    started.push(ingest);
    const gateway = await startGateway(
      {
        ...config.gateway,
        SESSION_ADDR: session.address,
        RETRIEVAL_ADDR: retrieval.address,
        LLM_PROXY_ADDR: llmProxy.address,
        INGEST_ADDR: ingest.address,
      },
      dependencies("gateway"),
    );
    started.push(gateway);
    const host = config.gateway.HOST === "0.0.0.0" ? "127.0.0.1" : config.gateway.HOST;
    return {
      layout: "one-thread",
      url: `http://${host}:${gateway.port}`,
      port: gateway.port,
      registry,
      services: { session: session.address, retrieval: retrieval.address, llmProxy: llmProxy.address, ingest: ingest.address },
      died: new Promise<never>(() => undefined),
      stop: stopAll,
      shutdownDeadlineMs: shutdownDeadlineMs(config.gateway),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
