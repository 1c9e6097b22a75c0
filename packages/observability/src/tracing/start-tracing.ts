import { NodeSDK } from "@opentelemetry/sdk-node";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { IORedisInstrumentation } from "@opentelemetry/instrumentation-ioredis";
import { resourceFromAttributes } from "@opentelemetry/resources";

/**
 * Query parameters whose value server spans record as "REDACTED" in `url.query`: the API key
 * the gateway's GET stream routes accept (EventSource cannot send headers), and the chat
 * message of GET /api/chat/stream (spans never carry message text).
 */
const REDACTED_QUERY_PARAMETERS = ["api_key", "message"];

export interface TracingHandle {
  enabled: boolean;
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK when `OTEL_EXPORTER_OTLP_ENDPOINT` is set: OTLP/HTTP export,
 * W3C propagation, and instrumentation of inbound/outbound HTTP (Express, provider SDKs),
 * pg and ioredis. gRPC and AMQP hops are traced by the project's own helpers. Without an
 * endpoint nothing starts and the API stays a no-op. Must run before the instrumented
 * modules are loaded: each service imports its `instrument.ts` first.
 */
export function startTracing(serviceName: string, environment: Record<string, string | undefined> = process.env): TracingHandle {
  const endpoint = environment.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!endpoint) return { enabled: false, shutdown: async () => undefined };
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ "service.name": environment.OTEL_SERVICE_NAME?.trim() || serviceName }),
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, "")}/v1/traces` }),
    instrumentations: [
      new HttpInstrumentation({ redactedQueryParamsServer: REDACTED_QUERY_PARAMETERS }),
      new UndiciInstrumentation(),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new IORedisInstrumentation({ dbStatementSerializer: (command) => command }),
    ],
  });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
