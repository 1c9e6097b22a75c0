import { createLogger, type Logger } from "@chatbot/core";

/** A real logger that writes nothing unless TEST_LOG_LEVEL asks for it. */
export function testLogger(service = "test"): Logger {
  return createLogger({ service, level: process.env.TEST_LOG_LEVEL ?? "silent" });
}
