import { createLogger, type Logger } from "@chatbot/core";

/** A real logger (the services' own settings) whose lines are kept as written, for tests of what a log line holds. */
export function capturingLogger(service = "test"): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = { write: (line: string) => void lines.push(line) };
  return { logger: createLogger({ service, level: "debug", destination }), lines };
}
