import type { Express } from "express";
import type { Logger } from "@chatbot/core";
import type { Registry } from "@chatbot/observability";
import { createAccessControl, type AccessControl } from "./storage/access-stores";
import { ChatService } from "./domain/chat/chat.service";
import { createChatMetrics } from "./domain/chat/chat-metrics";
import { createChatStores, type ChatStores } from "./storage/chat-stores";
import { PassageRetriever } from "./domain/chat/passage-retriever";
import { ReplyStore } from "./domain/chat/reply-writer";
import type { ServiceClients } from "./clients/service-clients";
import type { GatewayConfig } from "./config";
import { createApp } from "./transport/http/http-app";

export interface GatewayOptions {
  logger: Logger;
  registry: Registry;
  /** Channels to the backend services; the caller owns and closes them. */
  clients: ServiceClients;
  /** Keys, rate limits and token quotas; default: built from the config (Redis when configured). */
  access?: AccessControl;
}

export interface Gateway {
  app: Express;
  chat: ChatService;
  chatStores: ChatStores;
  setReady(ready: boolean): void;
  /** Lets running replies finish for up to `graceMs` (then stops them), and closes the stores. */
  close(graceMs: number): Promise<void>;
}

/** Everything behind the HTTP socket: chat, its stores, access control and the app. */
export async function createGateway(config: GatewayConfig, options: GatewayOptions): Promise<Gateway> {
  const { logger, registry, clients } = options;
  const chatStores = createChatStores(config, logger, registry);
  const chatMetrics = createChatMetrics(registry);
  const access = options.access ?? createAccessControl(config, clients.apiKeys, { logger, useRedis: true, registry });
  const tokens = access.tokens;
  const replies = new ReplyStore({ session: clients.session, logger, retryForMs: config.STREAM_RETENTION_SECONDS * 1000 });
  const chat = new ChatService({
    session: clients.session,
    llm: clients.llm,
    log: chatStores.log,
    replies,
    retriever: new PassageRetriever(clients.retrieval, logger),
    metrics: chatMetrics,
    locks: chatStores.locks,
    stopBus: chatStores.stopBus,
    logger,
    systemPrompt: config.SYSTEM_PROMPT,
    maxContextMessages: config.MAX_CONTEXT_MESSAGES,
    contextTokenBudget: config.CONTEXT_TOKEN_BUDGET,
    ...(tokens ? { onUsage: (subject: string, used: number) => tokens.charge(subject, used) } : {}),
  });
  await chat.listen();
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
