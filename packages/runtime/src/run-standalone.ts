import { ConfigError, Shutdown, createLogger, type Logger } from "@chatbot/core";
import { createMetricsRegistry, startAdminServer } from "@chatbot/observability";
import type { ServiceDependencies, ServiceHandle } from "./service-handle";

export interface StandaloneOptions<C extends { LOG_LEVEL: string; GRPC_HOST: string; ADMIN_PORT: number }> {
  service: string;
  loadConfig: () => C;
  start: (config: C, dependencies: ServiceDependencies) => Promise<ServiceHandle>;
}

/**
 * Entry point of a service run as its own process: parse configuration (one line
 * naming the bad variable, then exit 1), start, expose the admin port, stop on signals.
 */
export async function runStandalone<C extends { LOG_LEVEL: string; GRPC_HOST: string; ADMIN_PORT: number }>(options: StandaloneOptions<C>): Promise<void> {
  let config: C;
  try {
    config = options.loadConfig();
  } catch (error) {
    exitOnConfigError(error);
  }
  const logger: Logger = createLogger({ service: options.service, level: config.LOG_LEVEL });
  const registry = createMetricsRegistry();
  const shutdown = new Shutdown(logger);
  shutdown.installSignalHandlers();
  try {
    const admin = await startAdminServer(registry, config.GRPC_HOST, config.ADMIN_PORT);
    shutdown.add("admin server", () => admin.close());
    const handle = await options.start(config, { logger, registry });
    shutdown.add(options.service, () => handle.stop());
    logger.info({ address: handle.address, admin_port: admin.port }, `${options.service} started`);
  } catch (error) {
    logger.fatal({ err: error }, `${options.service} failed to start`);
    await shutdown.run("start-up failure").catch(() => undefined);
    process.exit(1);
  }
}

export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
