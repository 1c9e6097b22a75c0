import type { NextFunction, Request, Response } from "express";
import { SpanKind, SpanStatusCode, context, extractTraceContext, trace, tracer, type Span } from "@chatbot/observability";

function routeOf(request: Request): string {
  return request.route?.path ? `${request.baseUrl}${String(request.route.path)}` : "unmatched";
}

/**
 * A server span per request, continuing the caller's W3C trace context, active for every
 * gRPC call the request makes. When the SDK's HTTP instrumentation already opened one,
 * that span is kept and only named after the route. Without a tracing SDK the span is a
 * no-op that neither records nor carries a trace: the request then goes on without it.
 */
export function httpTracing(request: Request, response: Response, next: NextFunction): void {
  const existing = trace.getActiveSpan();
  if (existing) {
    response.once("finish", () => existing.updateName(`${request.method} ${routeOf(request)}`));
    next();
    return;
  }
  const parent = extractTraceContext((key) => request.get(key));
  const span = tracer.startSpan(request.method, { kind: SpanKind.SERVER, attributes: { "http.request.method": request.method } }, parent);
  if (!span.isRecording() && !trace.isSpanContextValid(span.spanContext())) {
    next();
    return;
  }
  response.once("close", () => endSpan(span, request, response));
  context.with(trace.setSpan(parent, span), next);
}

function endSpan(span: Span, request: Request, response: Response): void {
  const route = routeOf(request);
  span.updateName(`${request.method} ${route}`);
  span.setAttribute("http.route", route);
  span.setAttribute("http.response.status_code", response.statusCode);
  if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
