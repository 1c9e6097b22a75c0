import express, { type Express } from "express";
import type { Logger } from "@chatbot/core";
import type { Registry } from "@chatbot/observability";
import type { GatewayConfig } from "../../config";
import type { AccessControl } from "../../domain/access/access-control";
import type { ApiKeyService } from "../../domain/access/api-key.service";
import type { ChatMetrics } from "../../domain/chat/chat-metrics";
import type { ChatService } from "../../domain/chat/chat.service";
import type { ModelCatalog } from "../../domain/chat/model-catalog";
import type { StreamLogStore } from "../../domain/chat/stream-log.store";
import type { DocumentService } from "../../domain/documents/document.service";
import type { FeedbackService } from "../../domain/feedback/feedback.service";
import type { HealthService } from "../../domain/health/health.service";
import type { SearchService } from "../../domain/search/search.service";
import type { SessionService } from "../../domain/sessions/session.service";
import { documentSecurity } from "./access/openapi-security";
import { routeGuards } from "./access/route-guards";
import { registerAdminRoutes } from "./admin.routes";
import { ApiRoutes } from "./api-routes";
import { registerChatRoutes } from "./chat.routes";
import { docsRoutes } from "./docs.routes";
import { registerDocumentRoutes } from "./documents.routes";
import { errorHandler, notFoundHandler } from "./error-handler";
import { registerFeedbackRoutes } from "./feedback.routes";
import { registerHealthRoutes } from "./health.routes";
import { httpMetrics } from "./http-metrics";
import { httpTracing } from "./http-tracing";
import { jsonBody } from "./json-body";
import { openAiErrorHandling } from "./openai/openai-errors";
import { registerOpenAiRoutes } from "./openai/openai.routes";
import { requestContext } from "./request-context";
import { registerSearchRoutes } from "./search.routes";
import { DEFAULT_SEARCH_RESULTS } from "./search.schemas";
import { corsHeaders, securityHeaders } from "./security-headers";
import { registerStreamEventSchemas } from "./stream-event.schemas";
import { registerSessionRoutes } from "./sessions.routes";
import { webPageRoutes } from "./web-page.routes";

/** The version the OpenAPI document states. */
const API_VERSION = "0.1.0";

/** What the HTTP application serves: every domain service, built once by the bootstrap (start-gateway.ts). */
export interface HttpAppDeps {
  config: GatewayConfig;
  logger: Logger;
  registry: Registry;
  /** Key resolution, rate limits, token quotas and stream slots. */
  access: AccessControl;
  chat: ChatService;
  chatMetrics: ChatMetrics;
  streamLog: StreamLogStore;
  catalog: ModelCatalog;
  health: HealthService;
  sessions: SessionService;
  feedback: FeedbackService;
  documents: DocumentService;
  search: SearchService;
  /** Present exactly when ADMIN_API_KEY is set: the admin routes are registered then only. */
  apiKeys: ApiKeyService | undefined;
}

/** The HTTP application, without a listening socket: middleware and routes over the services it is given. */
export function createHttpApp(deps: HttpAppDeps): Express {
  const { config, access } = deps;
  const app = express();
  app.disable("x-powered-by");
  // API answers are small and not cached by clients; hashing every JSON body for an ETag
  // (and turning it into a Buffer to do so) is CPU spent on every request for nothing.
  app.set("etag", false);
  app.set("query parser", "simple");
  app.use(httpTracing);
  app.use(requestContext);
  app.use(httpMetrics(deps.registry));
  app.use(securityHeaders());
  const cors = corsHeaders(config.CORS_ORIGINS);
  if (cors) app.use(cors);
  const guards = routeGuards({
    authMode: config.AUTH_MODE,
    ...(config.ADMIN_API_KEY ? { adminKey: config.ADMIN_API_KEY } : {}),
    access,
    logger: deps.logger,
  });
  const routes = new ApiRoutes({ jsonBody: jsonBody(config.MAX_JSON_BODY_KB), guards });
  const sse = {
    pingMs: config.SSE_PING_SECONDS * 1000,
    onOpen: deps.chatMetrics.streamOpened,
    onClose: deps.chatMetrics.streamClosed,
  };
  const defaults = { maxNewTokens: config.DEFAULT_MAX_TOKENS, temperature: config.DEFAULT_TEMPERATURE, k: DEFAULT_SEARCH_RESULTS };
  registerHealthRoutes(routes, { health: deps.health, registry: deps.registry });
  registerSessionRoutes(routes, deps.sessions);
  registerFeedbackRoutes(routes, deps.feedback);
  registerSearchRoutes(routes, deps.search);
  registerDocumentRoutes(routes, {
    documents: deps.documents,
    maxUploadMb: config.MAX_UPLOAD_MB,
    maxJsonMb: config.MAX_DOCUMENTS_JSON_MB,
    sse,
  });
  registerChatRoutes(routes, {
    chat: deps.chat,
    log: deps.streamLog,
    defaults,
    sse,
    ...(access.tokens ? { tokenQuota: access.tokens } : {}),
  });

  registerOpenAiRoutes(routes, {
    chat: deps.chat,
    log: deps.streamLog,
    catalog: deps.catalog,
    search: deps.search,
    defaults,
    sse,
    ...(access.tokens ? { tokenQuota: access.tokens } : {}),
  });

  if (deps.apiKeys) registerAdminRoutes(routes, deps.apiKeys);
  registerStreamEventSchemas(routes.openapi);
  documentSecurity(routes.openapi, routes.access, { tenantKeys: config.AUTH_MODE === "api_key" });

  app.use(routes.router);
  app.use(docsRoutes(routes.openapi, API_VERSION));
  app.use(webPageRoutes());
  // Whatever fails under /v1 is answered in OpenAI's error shape.
  app.use("/v1", ...openAiErrorHandling(deps.logger));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
