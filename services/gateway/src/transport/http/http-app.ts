import express, { type Express } from "express";
import type { Logger } from "@chatbot/core";
import type { Registry } from "@chatbot/observability";
import type { ServiceClients } from "../../clients/service-clients";
import type { GatewayConfig } from "../../config";
import { ApiRoutes } from "./api-routes";
import { docsRoutes } from "./docs.routes";
import { webPageRoutes } from "./web-page.routes";
import { errorHandler, notFoundHandler } from "./error-handler";
import { httpMetrics } from "./http-metrics";
import { httpTracing } from "./http-tracing";
import { jsonBody } from "./json-body";
import { requestContext } from "./request-context";
import { registerHealthRoutes } from "./health.routes";
import { registerSessionRoutes } from "./sessions.routes";
import { registerChatRoutes } from "./chat.routes";
import { registerSearchRoutes } from "./search.routes";
import { registerDocumentRoutes } from "./documents.routes";
import type { ChatService } from "../../domain/chat/chat.service";
import type { StreamLogStore } from "../../domain/chat/stream-log.store";
import type { ChatMetrics } from "../../domain/chat/chat-metrics";
import type { StoreProbe } from "@chatbot/grpc";
import type { AccessControl } from "../../storage/access-stores";
import { documentSecurity } from "./access/openapi-security";
import { routeGuards } from "./access/route-guards";
import { corsHeaders, securityHeaders } from "./security-headers";
import { registerAdminRoutes } from "./admin.routes";
import { ModelCatalog } from "../../domain/chat/model-catalog";
import { openAiErrorHandling } from "./openai/openai-errors";
import { registerOpenAiRoutes } from "./openai/openai.routes";

export interface AppOptions {
  config: GatewayConfig;
  clients: ServiceClients;
  logger: Logger;
  registry: Registry;
  isReady: () => boolean;
  chat: ChatService;
  chatMetrics: ChatMetrics;
  streamLog: StreamLogStore;
  /** The gateway's own stores (Redis when configured), shown on /api/health. */
  localStores?: StoreProbe[];
  version?: string;
  /** Key resolution, rate limits, token quotas and stream slots. */
  access: AccessControl;
  /** Where the built chat page is (default: packages/web/dist). */
  webPageDir?: string;
}

/** The HTTP application, without a listening socket (tests drive it in-process). */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  // API answers are small and not cached by clients; hashing every JSON body for an ETag
  // (and turning it into a Buffer to do so) is CPU spent on every request for nothing.
  app.set("etag", false);
  app.set("query parser", "simple");
  app.use(httpTracing);
  app.use(requestContext);
  app.use(httpMetrics(options.registry));
  app.use(securityHeaders());
  const cors = corsHeaders(options.config.CORS_ORIGINS);
  if (cors) app.use(cors);
  const { access } = options;
  const guards = routeGuards({
    authMode: options.config.AUTH_MODE,
    ...(options.config.ADMIN_API_KEY ? { adminKey: options.config.ADMIN_API_KEY } : {}),
    access,
    logger: options.logger,
  });
  const routes = new ApiRoutes({ jsonBody: jsonBody(options.config.MAX_JSON_BODY_KB), guards });
  const sse = {
    pingMs: options.config.SSE_PING_SECONDS * 1000,
    onOpen: options.chatMetrics.streamOpened,
    onClose: options.chatMetrics.streamClosed,
  };
  registerHealthRoutes(routes, {
    peers: options.clients.peers,
    timeoutMs: options.config.HEALTH_TIMEOUT_MS,
    registry: options.registry,
    isReady: options.isReady,
    localStores: options.localStores ?? [],
  });
  registerSessionRoutes(routes, options.clients.session);
  registerSearchRoutes(routes, options.clients.retrieval);
  registerDocumentRoutes(routes, {
    ingest: options.clients.ingest,
    maxUploadMb: options.config.MAX_UPLOAD_MB,
    maxJsonMb: options.config.MAX_DOCUMENTS_JSON_MB,
    sse,
  });
  registerChatRoutes(routes, {
    chat: options.chat,
    log: options.streamLog,
    defaults: { maxNewTokens: options.config.DEFAULT_MAX_TOKENS, temperature: options.config.DEFAULT_TEMPERATURE, k: 5 },
    sse,
    ...(access.tokens ? { tokenQuota: access.tokens } : {}),
  });

  registerOpenAiRoutes(routes, {
    chat: options.chat,
    log: options.streamLog,
    catalog: new ModelCatalog(options.clients.llm, options.clients.retrieval, options.logger),
    retrieval: options.clients.retrieval,
    defaults: { maxNewTokens: options.config.DEFAULT_MAX_TOKENS, temperature: options.config.DEFAULT_TEMPERATURE, k: 5 },
    sse,
    ...(access.tokens ? { tokenQuota: access.tokens } : {}),
  });

  if (options.config.ADMIN_API_KEY) registerAdminRoutes(routes, { apiKeys: options.clients.apiKeys, resolver: access.resolver });
  documentSecurity(routes.openapi, routes.access, { tenantKeys: options.config.AUTH_MODE === "api_key" });

  app.use(routes.router);
  app.use(docsRoutes(routes.openapi, options.version ?? "0.1.0"));
  app.use(webPageRoutes(options.webPageDir));
  // Whatever fails under /v1 is answered in OpenAI's error shape.
  app.use("/v1", ...openAiErrorHandling(options.logger));
  app.use(notFoundHandler);
  app.use(errorHandler(options.logger));
  return app;
}
