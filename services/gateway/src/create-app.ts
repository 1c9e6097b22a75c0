import express, { type Express } from "express";
import type { Logger } from "@chatbot/core";
import type { Registry } from "@chatbot/observability";
import type { ServiceClients } from "./clients/service-clients";
import type { GatewayConfig } from "./config";
import { ApiRoutes } from "./http/api-routes";
import { docsRoutes } from "./http/docs.routes";
import { errorHandler, notFoundHandler } from "./http/error-handler";
import { httpMetrics } from "./http/http-metrics";
import { jsonBody } from "./http/json-body";
import { requestContext } from "./http/request-context";
import { registerHealthRoutes } from "./routes/health.routes";
import { registerSessionRoutes } from "./routes/sessions.routes";

export interface AppOptions {
  config: GatewayConfig;
  clients: ServiceClients;
  logger: Logger;
  registry: Registry;
  isReady: () => boolean;
  version?: string;
}

/** The HTTP application, without a listening socket (tests drive it in-process). */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(requestContext);
  app.use(httpMetrics(options.registry));

  const routes = new ApiRoutes(jsonBody(options.config.MAX_JSON_BODY_KB));
  registerHealthRoutes(routes, {
    peers: options.clients.peers,
    timeoutMs: options.config.HEALTH_TIMEOUT_MS,
    registry: options.registry,
    isReady: options.isReady,
  });
  registerSessionRoutes(routes, options.clients.session);

  app.use(routes.router);
  app.use(docsRoutes(routes.openapi, options.version ?? "0.1.0"));
  app.use(notFoundHandler);
  app.use(errorHandler(options.logger));
  return app;
}
