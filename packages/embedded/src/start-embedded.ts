import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { vector } from "@electric-sql/pglite-pgvector";
import { createLogger, type Logger } from "@chatbot/core";
import { loadGatewayConfig, shutdownDeadlineMs, startGateway } from "@chatbot/gateway";
import { loadIngestConfig, startIngestService } from "@chatbot/ingest";
import { loadLlmProxyConfig, startLlmProxyService } from "@chatbot/llm-proxy";
import { createMetricsRegistry, type Registry } from "@chatbot/observability";
import { loadRetrievalConfig, startRetrievalService } from "@chatbot/retrieval";
import type { ServiceHandle } from "@chatbot/runtime";
import { loadSessionConfig, startSessionService } from "@chatbot/session";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";

type Env = Record<string, string | undefined>;

export interface EmbeddedSystem {
  /** Base URL of the public HTTP API. */
  url: string;
  port: number;
  registry: Registry;
  /** The backend services' gRPC addresses (loopback), for another gateway in front of the same system. */
  services: { session: string; retrieval: string; llmProxy: string; ingest: string };
  /** Stops the gateway first and the stores last. */
  stop(): Promise<void>;
  /** How long `stop()` may take: the gateway's grace for running replies, then closing. */
  shutdownDeadlineMs: number;
}

/**
 * The backend services' environment: loopback, on ports the OS picks (only the gateway has a
 * fixed port). Any local user can reach loopback, so the services also require a token made
 * for this process, unless INTERNAL_TOKEN is set.
 */
export function embeddedInternalEnv(env: Env): Env {
  return {
    ...env,
    GRPC_HOST: "127.0.0.1",
    GRPC_PORT: "0",
    ADMIN_PORT: "0",
    INTERNAL_TOKEN: env.INTERNAL_TOKEN?.trim() || randomBytes(32).toString("base64url"),
  };
}

/**
 * All five services in one process, still talking real gRPC over loopback. Every
 * configuration is parsed before anything starts, so a bad variable fails fast.
 * Without DATABASE_URL one embedded PGlite (with pgvector) under DATA_DIR serves
 * session, retrieval and ingest, each in its own schema: one WASM Postgres instead of three.
 */
export async function startEmbedded(env: Env = process.env): Promise<EmbeddedSystem> {
  const internalEnv = embeddedInternalEnv(env);
  const gatewayConfig = loadGatewayConfig({ HOST: "127.0.0.1", AUTH_MODE: "none", ...env, INTERNAL_TOKEN: internalEnv.INTERNAL_TOKEN });
  const sessionConfig = loadSessionConfig(internalEnv);
  const retrievalConfig = loadRetrievalConfig(internalEnv);
  const llmProxyConfig = loadLlmProxyConfig(internalEnv);
  const ingestConfig = loadIngestConfig(internalEnv);

  const level = gatewayConfig.LOG_LEVEL;
  const loggers: Record<string, Logger> = {};
  const loggerFor = (service: string) => (loggers[service] ??= createLogger({ service, level }));
  const registry = createMetricsRegistry();
  const dependencies = (service: string) => ({ logger: loggerFor(service), registry });

  const started: ServiceHandle[] = [];
  let sharedSql: SqlClient | undefined;
  const stopAll = async () => {
    for (const handle of started.reverse()) await handle.stop().catch(() => undefined);
    await sharedSql?.close().catch(() => undefined);
  };

  try {
    if (!env.DATABASE_URL) {
      sharedSql = await createPgliteClient({ dataDir: join(sessionConfig.DATA_DIR, "pglite"), extensions: { vector } });
    }
    const sqlOption = sharedSql ? { sql: sharedSql } : {};
    const session = await startSessionService(sessionConfig, dependencies("session"), sqlOption);
    started.push(session);
    const retrieval = await startRetrievalService(retrievalConfig, dependencies("retrieval"), sqlOption);
    started.push(retrieval);
    const llmProxy = await startLlmProxyService(llmProxyConfig, dependencies("llm-proxy"));
    started.push(llmProxy);
    const ingest = await startIngestService(
      { ...ingestConfig, RETRIEVAL_ADDR: retrieval.address },
      dependencies("ingest"),
      sqlOption,
    );
    started.push(ingest);
    const gateway = await startGateway(
      {
        ...gatewayConfig,
        SESSION_ADDR: session.address,
        RETRIEVAL_ADDR: retrieval.address,
        LLM_PROXY_ADDR: llmProxy.address,
        INGEST_ADDR: ingest.address,
      },
      dependencies("gateway"),
    );
    started.push(gateway);
    const host = gatewayConfig.HOST === "0.0.0.0" ? "127.0.0.1" : gatewayConfig.HOST;
    return {
      url: `http://${host}:${gateway.port}`,
      port: gateway.port,
      registry,
      services: { session: session.address, retrieval: retrieval.address, llmProxy: llmProxy.address, ingest: ingest.address },
      stop: stopAll,
      shutdownDeadlineMs: shutdownDeadlineMs(gatewayConfig),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
