import type { Server } from "node:http";
import type { ServiceDependencies, ServiceHandle } from "@chatbot/runtime";
import { createServiceClients } from "./clients/service-clients";
import type { GatewayConfig } from "./config";
import { createApp } from "./create-app";
import { createHttpServer } from "./http/http-server";
import { ChatService } from "./chat/chat.service";
import { createChatStores } from "./chat/chat-stores";
import { PassageRetriever } from "./chat/passage-retriever";
import { createChatMetrics } from "./chat/chat-metrics";
import { createAccessControl } from "./auth/access-control";

/** Starts the HTTP server; `stop()` stops accepting connections, lets requests finish, closes clients. */
export async function startGateway(config: GatewayConfig, dependencies: ServiceDependencies): Promise<ServiceHandle> {
  const { logger, registry } = dependencies;
  const clients = createServiceClients(config);
  const chatStores = createChatStores(config, logger);
  const chatMetrics = createChatMetrics(registry);
  const chat = new ChatService({
    session: clients.session,
    llm: clients.llm,
    log: chatStores.log,
    retriever: new PassageRetriever(clients.retrieval, logger),
    metrics: chatMetrics,
    locks: chatStores.locks,
    stopBus: chatStores.stopBus,
    logger,
    systemPrompt: config.SYSTEM_PROMPT,
    maxContextMessages: config.MAX_CONTEXT_MESSAGES,
    contextTokenBudget: config.CONTEXT_TOKEN_BUDGET,
  });
  await chat.listen();
  const access = createAccessControl(config, clients.apiKeys, { logger, useRedis: true });
  let ready = false;
  const app = createApp({
    config,
    clients,
    logger,
    registry,
    isReady: () => ready,
    chat,
    chatMetrics,
    streamLog: chatStores.log,
    localStores: chatStores.kind === "redis" ? [{ name: "redis", kind: "redis", ping: chatStores.ping }] : [],
    access,
  });
  const server: Server = createHttpServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Long-lived streams must not be cut by Node's default request timeout.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  ready = true;
  logger.info({ host: config.HOST, port }, "gateway listening");
  return {
    address: `${config.HOST}:${port}`,
    port,
    async stop() {
      ready = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Running replies finish (or are stopped and stored as interrupted) before the clients close.
      await chat.drain(config.SHUTDOWN_GRACE_SECONDS * 1000);
      server.closeAllConnections();
      await closed;
      await chatStores.close();
      await access.close();
      clients.close();
    },
  };
}
