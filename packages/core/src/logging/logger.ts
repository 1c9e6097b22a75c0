import pino, { type Logger } from "pino";

export type { Logger };

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Extra fields merged into every line (trace ids come from here once tracing is on). */
  mixin?: () => Record<string, unknown>;
  destination?: pino.DestinationStream;
}

/** JSON lines with the service name on each; never pretty-printed, so log shippers can read them. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      ...(options.mixin ? { mixin: options.mixin } : {}),
    },
    options.destination,
  );
}
