import "./instrument";
import { Shutdown, createLogger } from "@chatbot/core";
import { exitOnConfigError } from "@chatbot/runtime";
import { startEmbedded, type EmbeddedSystem } from "./start-embedded";

async function main(): Promise<void> {
  const logger = createLogger({ service: "chatbot", level: process.env.LOG_LEVEL?.trim() || "info" });
  const shutdown = new Shutdown(logger, 5000);
  shutdown.installSignalHandlers();
  let system: EmbeddedSystem;
  try {
    system = await startEmbedded(process.env);
  } catch (error) {
    exitOnConfigError(error);
  }
  shutdown.setDeadline(system.shutdownDeadlineMs);
  shutdown.add("chatbot", () => system.stop());
  // A service thread that dies takes the whole system down: stop the rest in order, exit 1.
  void system.died.then((error) => {
    logger.fatal({ err: error }, `${error.message}; stopping everything`);
    void shutdown.run("service thread died").then(
      () => process.exit(1),
      () => process.exit(1),
    );
  });
  logger.info({ url: system.url, docs: `${system.url}/docs` }, `chatbot backend ready at ${system.url}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`chatbot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
