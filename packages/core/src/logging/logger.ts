import { trace } from "@opentelemetry/api";
import pino, { type Logger } from "pino";
import { capLogArguments } from "./log-value-cap";

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

/**
 * JSON lines with the service name and trace ids on each; never pretty-printed, so log
 * shippers can read them. Every argument of a log call is bounded and stripped of query
 * parameters first (see capLogArguments), child loggers' calls included.
 */
export function createLogger(options: LoggerOptions): Logger {
  const extra = options.mixin;
  return pino(
    {
      level: options.level ?? "info",
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: extra ? () => ({ ...traceIds(), ...extra() }) : traceIds,
      hooks: {
        logMethod(args, method) {
          method.apply(this, capLogArguments(args) as Parameters<typeof method>);
        },
      },
      // Errors are already serialized by capLogArguments; serializing again would name every one "Object".
      serializers: { err: (error: unknown) => error },
    },
    options.destination,
  );
}

/**
 * Standard output written synchronously, one write(2) per line, for loggers in threads that
 * share the process's stdout (embedded mode's service threads): a line of up to 4 KB (PIPE_BUF)
 * then never interleaves with another thread's. pino's default destination batches lines
 * while a write is pending, and a batch over 4 KB on a pipe may be split by another writer.
 */
export function lineAtATimeStdout(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: true });
}
