import type { Registry } from "@chatbot/observability";
import type { ApiRoutes } from "./api-routes";
import type { HealthService } from "../../domain/health/health.service";
import { jsonResponse } from "./common.schemas";
import { ProbeResponse, SystemHealthResponse } from "./health.schemas";

export interface HealthRouteOptions {
  health: HealthService;
  registry: Registry;
}

export function registerHealthRoutes(routes: ApiRoutes, options: HealthRouteOptions): void {
  routes.add({
    method: "get",
    path: "/api/health",
    access: "public",
    summary: "Health of every service and store",
    description: "200 when every service and store answers; 503 naming what is down otherwise.",
    tags: ["Operations"],
    responses: {
      200: jsonResponse("Everything answers", SystemHealthResponse),
      503: jsonResponse("Something is down", SystemHealthResponse),
    },
    async handle({ response }) {
      const health = await options.health.check();
      response.status(health.status === "ok" ? 200 : 503).json(health);
    },
  });
  routes.add({
    method: "get",
    path: "/livez",
    access: "public",
    summary: "Liveness: the process answers",
    tags: ["Operations"],
    responses: { 200: jsonResponse("Alive", ProbeResponse) },
    handle({ response }) {
      response.json({ status: "ok" });
    },
  });
  routes.add({
    method: "get",
    path: "/readyz",
    access: "public",
    summary: "Readiness: the gateway takes traffic",
    tags: ["Operations"],
    responses: { 200: jsonResponse("Ready", ProbeResponse), 503: jsonResponse("Starting or shutting down", ProbeResponse) },
    handle({ response }) {
      // False while starting or shutting down: /readyz then answers 503.
      const ready = options.health.ready();
      response.status(ready ? 200 : 503).json({ status: ready ? "ok" : "unavailable" });
    },
  });
  routes.add({
    method: "get",
    path: "/metrics",
    access: "public",
    summary: "Prometheus metrics",
    tags: ["Operations"],
    responses: { 200: { description: "Prometheus text exposition format", content: { "text/plain": { schema: { type: "string" } } } } },
    async handle({ response }) {
      response.type(options.registry.contentType).send(await options.registry.metrics());
    },
  });
}
