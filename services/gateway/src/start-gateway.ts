import type { Server } from "node:http";
import type { Express } from "express";
import { startInProcessLlmProxy, type LlmProxyConfig } from "@chatbot/llm-proxy";
import { startInProcessSessionService } from "@chatbot/session";
import type { SessionConfig } from "@chatbot/session/config";
import type { ServiceDependencies, ServiceHandle } from "@chatbot/runtime";
import { createServiceClients, type ServiceClients } from "./clients/service-clients";
import { IN_PROCESS, connectionLimitsOf, type GatewayConfig } from "./config";
import type { AccessControl } from "./domain/access/access-control";
import { createApiKeyService } from "./domain/access/api-key.service";
import { ensureInitialApiKey, wantsInitialApiKey } from "./domain/access/initial-api-key";
import { createChatMetrics } from "./domain/chat/chat-metrics";
import { createChatService, type ChatService } from "./domain/chat/chat.service";
import { createConversationSummarizer } from "./domain/chat/conversation-summarizer";
import { createModelCatalog } from "./domain/chat/model-catalog";
import { createPassageRetriever } from "./domain/chat/passage-retriever";
import { createReplyWriter } from "./domain/chat/reply-writer";
import { createDocumentService } from "./domain/documents/document.service";
import { createFeedbackMetrics } from "./domain/feedback/feedback-metrics";
import { createFeedbackService } from "./domain/feedback/feedback.service";
import { createHealthService } from "./domain/health/health.service";
import { createSearchService } from "./domain/search/search.service";
import { createSessionService } from "./domain/sessions/session.service";
import { createAccessControl } from "./storage/access-stores";
import { createChatStores, type ChatStores } from "./storage/chat-stores";
import { connectionDrain } from "./transport/http/connection-drain";
import { createHttpApp } from "./transport/http/http-app";
import { createHttpServer } from "./transport/http/http-server";

export interface GatewayDeps extends ServiceDependencies {
  /** The backend services; the caller owns them and closes them after `close`. */
  clients: ServiceClients;
  /** Keys, rate limits, token quotas and stream slots; closed by `close`. */
  access: AccessControl;
}

/** Everything behind the HTTP socket, built once; nothing listens yet. */
export interface Gateway {
  app: Express;
  chat: ChatService;
  chatStores: ChatStores;
  setReady(ready: boolean): void;
  /** Lets running replies finish for up to `graceMs` (then stops them), and closes the stores and the access control. */
  close(graceMs: number): Promise<void>;
}

/**
 * Builds the gateway from its configuration and the dependencies it is handed: the chat
 * stores (Redis when configured), the domain services over the clients' ports, and the
 * express app. Every dependency is built once, here or by the caller; nothing is defaulted.
 */
export async function buildGateway(config: GatewayConfig, deps: GatewayDeps): Promise<Gateway> {
  const { logger, registry, clients, access } = deps;
  const chatStores = createChatStores(config, logger, registry);
  const chatMetrics = createChatMetrics(registry);
  const tokens = access.tokens;
  const replies = createReplyWriter({ session: clients.session, logger, retryForMs: config.STREAM_RETENTION_SECONDS * 1000 });
  const summarizer = createConversationSummarizer({
    session: clients.session,
    llm: clients.llm,
    logger,
    maxContextMessages: config.MAX_CONTEXT_MESSAGES,
    contextTokenBudget: config.CONTEXT_TOKEN_BUDGET,
  });
  const chat = createChatService({
    session: clients.session,
    llm: clients.llm,
    log: chatStores.log,
    replies,
    retriever: createPassageRetriever(clients.retrieval, logger),
    metrics: chatMetrics,
    locks: chatStores.locks,
    stopBus: chatStores.stopBus,
    logger,
    systemPrompt: config.SYSTEM_PROMPT,
    maxContextMessages: config.MAX_CONTEXT_MESSAGES,
    contextTokenBudget: config.CONTEXT_TOKEN_BUDGET,
    summarizer,
    ...(tokens ? { onUsage: (subject: string, used: number) => tokens.charge(subject, used) } : {}),
  });
  await chat.listen();
  let ready = false;
  const app = createHttpApp({
    config,
    logger,
    registry,
    access,
    chat,
    chatMetrics,
    streamLog: chatStores.log,
    catalog: createModelCatalog(clients.llm, clients.retrieval, logger),
    health: createHealthService({
      peers: clients.peers,
      timeoutMs: config.HEALTH_TIMEOUT_MS,
      localStores: chatStores.kind === "redis" ? [{ name: "redis", kind: "redis", ping: chatStores.ping }] : [],
      isReady: () => ready,
    }),
    sessions: createSessionService({ session: clients.session }),
    feedback: createFeedbackService({ session: clients.session, metrics: createFeedbackMetrics(registry) }),
    documents: createDocumentService({ ingest: clients.ingest }),
    search: createSearchService({ retrieval: clients.retrieval }),
    apiKeys: config.ADMIN_API_KEY ? createApiKeyService({ apiKeys: clients.apiKeys, resolver: access.resolver }) : undefined,
  });
  return {
    app,
    chat,
    chatStores,
    setReady(value) {
      ready = value;
    },
    async close(graceMs) {
      await chat.drain(graceMs);
      await replies.close();
      await chatStores.close();
      await access.close();
    },
  };
}

export interface StartGatewayOptions {
  /** The llm-proxy's own configuration, for LLM_PROXY_ADDR=in-process. */
  llmProxyConfig?: LlmProxyConfig;
  /** The session service's own configuration, for SESSION_ADDR=in-process. */
  sessionConfig?: SessionConfig;
}

/**
 * The gateway process: config → clients → access control → stores and domain services
 * (buildGateway) → HTTP server, each built once. `stop()` stops taking requests, lets
 * running replies finish up to the grace, closes the stores and the clients.
 * In AUTH_MODE=api_key without ADMIN_API_KEY, a store without any API key gets one, written
 * to the log once (see domain/access/initial-api-key.ts).
 */
export async function startGateway(config: GatewayConfig, dependencies: ServiceDependencies, options: StartGatewayOptions = {}): Promise<ServiceHandle> {
  const { logger, registry } = dependencies;
  if (config.LLM_PROXY_ADDR === IN_PROCESS && !options.llmProxyConfig) throw new Error("LLM_PROXY_ADDR=in-process needs the llm-proxy's configuration");
  if (config.SESSION_ADDR === IN_PROCESS && !options.sessionConfig) throw new Error("SESSION_ADDR=in-process needs the session service's configuration");
  const session = config.SESSION_ADDR === IN_PROCESS && options.sessionConfig ? await startInProcessSessionService(options.sessionConfig, dependencies) : undefined;
  const llmProxy = config.LLM_PROXY_ADDR === IN_PROCESS && options.llmProxyConfig ? startInProcessLlmProxy(options.llmProxyConfig, dependencies) : undefined;
  const clients = createServiceClients(config, { llmProxy: llmProxy?.proxy, session: session?.session });
  const access = createAccessControl(config, clients.apiKeys, { logger, useRedis: true, registry });
  const gateway = await buildGateway(config, { logger, registry, clients, access });
  const server: Server = createHttpServer(gateway.app, connectionLimitsOf(config));
  const drain = connectionDrain(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  gateway.setReady(true);
  logger.info({ host: config.HOST, port }, "gateway listening");
  const initialKeyWait = new AbortController();
  const initialKey = wantsInitialApiKey(config) ? ensureInitialApiKey({ client: clients.apiKeys, logger, signal: initialKeyWait.signal }) : Promise.resolve(undefined);
  return {
    address: `${config.HOST}:${port}`,
    port,
    async stop() {
      initialKeyWait.abort();
      await initialKey;
      gateway.setReady(false);
      const closed = drain.stopAccepting();
      // Running replies finish (or are stopped and stored as interrupted) before the clients close.
      await gateway.close(config.SHUTDOWN_GRACE_SECONDS * 1000);
      server.closeAllConnections();
      await closed;
      clients.close();
      await llmProxy?.stop();
      await session?.stop();
    },
  };
}
