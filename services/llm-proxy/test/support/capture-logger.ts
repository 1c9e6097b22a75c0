import { Writable } from "node:stream";
import { createLogger, type Logger } from "@chatbot/core";

/** A real logger whose JSON lines are kept for the test to read. */
export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ service: "llm-proxy", level: "debug", destination }), lines };
}
