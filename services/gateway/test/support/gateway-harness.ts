import type { Server } from "node:http";
import type { Express } from "express";
import { Redis } from "ioredis";
import { loadLlmProxyConfig, startInProcessLlmProxy, startLlmProxyService } from "@chatbot/llm-proxy";
import { createMetricsRegistry } from "@chatbot/observability";
import { startInProcessSessionService, startSessionService, type InProcessSession } from "@chatbot/session";
import { loadRetrievalConfig, startRetrievalService } from "@chatbot/retrieval";
import { vector } from "@electric-sql/pglite-pgvector";
import { createPgliteClient, createPostgresClient, type SqlClient } from "@chatbot/sql";
import { llmProxyEnvFor, scaledTimeout, startLlmUpstream, testLogger, testStores, uniqueName, type LlmUpstream } from "@chatbot/testkit";
import { grpcSecurityOf, type ServiceHandle } from "@chatbot/runtime";
import { createClient, protos, type retrievalV1, type sessionV1 } from "@chatbot/grpc";
import { IN_PROCESS, buildGateway, createAccessControl, createServiceClients, loadGatewayConfig, type ServiceClients } from "../../src";
import type { ChatService } from "../../src/domain/chat/chat.service";
import type { ChatStores } from "../../src/storage/chat-stores";
import { createHttpServer } from "../../src/transport/http/http-server";
import { connectionLimitsOf } from "../../src/config";

export interface GatewayInstance {
  app: Express;
  chat: ChatService;
  stores: ChatStores;
  close(): Promise<void>;
  /** Starts a real HTTP server for the app (SSE tests need a socket); closed with the harness. */
  listen(): Promise<string>;
}

/** Raw channels to the services, for tests that set up data the gateway's ports do not offer (chunks, stored messages). */
export interface ServiceChannels {
  session: sessionV1.Client;
  retrieval: retrievalV1.Client;
}

export interface GatewayHarness extends GatewayInstance {
  clients: ServiceClients;
  channels: ServiceChannels;
  session: ServiceHandle;
  llmProxy: ServiceHandle;
  retrieval: ServiceHandle;
  upstream: LlmUpstream;
  sql: SqlClient;
  schema: string;
  /** Lets a test move the session service's clock forward. */
  clock: { offsetMs: number };
  /** Another gateway instance in front of the same services (and the same Redis, when used). */
  secondInstance(): Promise<GatewayInstance>;
  close(): Promise<void>;
}

export interface GatewayHarnessOptions {
  /** Chat stores in Redis under a unique prefix (the llm-proxy's cache and limits too, when `redisUrl` is given). */
  redis?: boolean;
  /** Another Redis than the shared one, e.g. a disposable server a test restarts. */
  redisUrl?: string;
  /** Another Postgres than the shared one for the session service. */
  postgresUrl?: string;
  /** An llm-proxy running elsewhere (e.g. its own process); the harness then starts none. */
  llmProxyAddress?: string;
  /** The llm-proxy inside the gateway (LLM_PROXY_ADDR=in-process) instead of behind gRPC. */
  llmInProcess?: boolean;
  /** The session service inside the gateway (SESSION_ADDR=in-process); `channels.session` then does not exist. */
  sessionInProcess?: boolean;
}

/**
 * The gateway in-process in front of a real session service (real Postgres, a schema of
 * its own) and a real llm-proxy whose OpenAI provider talks to the test-kit upstream.
 * With `redis: true` the chat stores live in the real Redis under a unique prefix.
 */
export async function startGatewayHarness(
  env: Record<string, string> = {},
  options: GatewayHarnessOptions = {},
  llmEnv: Record<string, string> = {},
): Promise<GatewayHarness> {
  const logger = testLogger("gateway-test");
  const registry = createMetricsRegistry({ collectDefaults: false });
  const postgresUrl = options.postgresUrl ?? testStores.postgresUrl;
  const redisUrl = options.redisUrl ?? testStores.redisUrl;
  const sql = createPostgresClient({ connectionString: postgresUrl });
  const schema = uniqueName("gw_session");
  const clock = { offsetMs: 0 };
  const sessionConfig = {
    LOG_LEVEL: "silent",
    GRPC_HOST: "127.0.0.1",
    GRPC_PORT: 0,
    ADMIN_PORT: 0,
    DATA_DIR: "./data",
    DATABASE_URL: postgresUrl,
    SESSION_TIMEOUT_HOURS: 24,
    SESSION_SWEEP_INTERVAL_SECONDS: 3600,
    SESSION_ABANDONED_REPLY_MINUTES: 15,
  } as const;
  const sessionOptions = { sql, schema, now: () => new Date(Date.now() + clock.offsetMs) };
  let localSession: InProcessSession | undefined;
  let session: ServiceHandle;
  if (options.sessionInProcess) {
    const started = await startInProcessSessionService(sessionConfig, { logger, registry }, sessionOptions);
    localSession = started.session;
    session = { address: IN_PROCESS, port: 0, stop: () => started.stop() };
  } else {
    session = await startSessionService(sessionConfig, { logger, registry }, sessionOptions);
  }
  const vectors = await createPgliteClient({ extensions: { vector } });
  const retrieval = await startRetrievalService(
    loadRetrievalConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", LOG_LEVEL: "silent" }),
    { logger, registry },
    { sql: vectors },
  );
  const upstream = await startLlmUpstream({ tokens: 12, tokenIntervalMs: 0 });
  const llmProxyConfig = loadLlmProxyConfig({
    GRPC_HOST: "127.0.0.1",
    GRPC_PORT: "0",
    ADMIN_PORT: "0",
    LOG_LEVEL: "silent",
    ...llmProxyEnvFor(upstream),
    LLM_CONNECT_TIMEOUT_MS: "1000",
    LLM_FIRST_TOKEN_TIMEOUT_MS: "1500",
    LLM_BREAKER_FAILURE_THRESHOLD: "1000",
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: `${uniqueName("llm")}:` } : {}),
    ...llmEnv,
  });
  const inProcess = options.llmInProcess ? startInProcessLlmProxy(llmProxyConfig, { logger, registry }) : undefined;
  const llmProxy: ServiceHandle = inProcess
    ? { address: IN_PROCESS, port: 0, stop: () => inProcess.stop() }
    : options.llmProxyAddress
      ? { address: options.llmProxyAddress, port: Number(options.llmProxyAddress.split(":").at(-1)), stop: async () => undefined }
      : await startLlmProxyService(llmProxyConfig, { logger, registry });
  const config = loadGatewayConfig({
    AUTH_MODE: "none",
    SESSION_ADDR: session.address,
    LLM_PROXY_ADDR: llmProxy.address,
    RETRIEVAL_ADDR: retrieval.address,
    HEALTH_TIMEOUT_MS: String(scaledTimeout(500)),
    ...(options.redis ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `${uniqueName("gw")}:` } : {}),
    ...env,
  });
  const clients = createServiceClients(config, { llmProxy: inProcess?.proxy, session: localSession });
  const retrievalChannel = createClient(protos.retrieval().Retrieval, config.RETRIEVAL_ADDR, grpcSecurityOf(config));
  const sessionChannel = localSession ? undefined : createClient(protos.session().SessionService, config.SESSION_ADDR, grpcSecurityOf(config));
  const channels: ServiceChannels = {
    get session(): sessionV1.Client {
      if (!sessionChannel) throw new Error("the session service runs in the gateway's process: it has no channel");
      return sessionChannel;
    },
    retrieval: retrievalChannel,
  };
  const servers: Server[] = [];
  const instances: GatewayInstance[] = [];

  const makeInstance = async (): Promise<GatewayInstance> => {
    const gateway = await buildGateway(config, {
      logger,
      registry,
      clients,
      access: createAccessControl(config, clients.apiKeys, { logger, useRedis: false }),
    });
    gateway.setReady(true);
    const instance: GatewayInstance = {
      app: gateway.app,
      chat: gateway.chat,
      stores: gateway.chatStores,
      close: () => gateway.close(1000),
      listen: () =>
        new Promise((resolve) => {
          const server = createHttpServer(gateway.app, connectionLimitsOf(config)).listen(0, "127.0.0.1", () => {
            const address = server.address();
            resolve(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
          });
          servers.push(server);
        }),
    };
    instances.push(instance);
    return instance;
  };

  const first = await makeInstance();
  return {
    ...first,
    clients,
    channels,
    session,
    llmProxy,
    retrieval,
    upstream,
    sql,
    schema,
    clock,
    secondInstance: makeInstance,
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      for (const instance of instances) await instance.close();
      clients.close();
      sessionChannel?.close();
      retrievalChannel.close();
      await llmProxy.stop();
      await retrieval.stop();
      await vectors.close();
      await upstream.close();
      await session.stop();
      await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.close();
    },
  };
}

/** Deletes what a Redis-backed harness left under its prefix. */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(testStores.redisUrl);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}
