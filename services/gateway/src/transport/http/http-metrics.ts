import type { NextFunction, Request, Response } from "express";
import { counter, histogram, type Registry } from "@chatbot/observability";

/** Request count and latency by method, route template (never the raw path) and status. */
export function httpMetrics(registry: Registry) {
  const requests = counter(registry, {
    name: "chatbot_http_requests_total",
    help: "HTTP requests answered by the gateway, by method, route template and status",
    labelNames: ["method", "route", "status"] as const,
  });
  const duration = histogram(registry, {
    name: "chatbot_http_request_duration_seconds",
    help: "HTTP request duration in seconds, by method and route template",
    labelNames: ["method", "route"] as const,
  });
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = performance.now();
    response.on("finish", () => {
      const route = request.route?.path ? `${request.baseUrl}${String(request.route.path)}` : "unmatched";
      const seconds = (performance.now() - started) / 1000;
      requests.inc({ method: request.method, route, status: String(response.statusCode) });
      duration.observe({ method: request.method, route }, seconds);
    });
    next();
  };
}
