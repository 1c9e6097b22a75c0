import { trace } from "@opentelemetry/api";
import pino, { type Logger } from "pino";

export type { Logger };

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Extra fields merged into every line (trace ids come from here once tracing is on). */
  mixin?: () => Record<string, unknown>;
  destination?: pino.DestinationStream;
}

/** The active span's ids, so a log line can be found from its trace and the other way round. */
function traceIds(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/** JSON lines with the service name and trace ids on each; never pretty-printed, so log shippers can read them. */
export function createLogger(options: LoggerOptions): Logger {
  const extra = options.mixin;
  return pino(
    {
      level: options.level ?? "info",
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: extra ? () => ({ ...traceIds(), ...extra() }) : traceIds,
    },
    options.destination,
  );
}
