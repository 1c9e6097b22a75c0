import "./instrument";
import { Shutdown, createLogger } from "@chatbot/core";
import { createMetricsRegistry } from "@chatbot/observability";
import { exitOnConfigError } from "@chatbot/runtime";
import { loadLlmProxyConfig } from "@chatbot/llm-proxy/config";
import { loadSessionConfig } from "@chatbot/session/config";
import { IN_PROCESS, loadGatewayConfig, shutdownDeadlineMs, type GatewayConfig } from "./config";
import { startGateway, type StartGatewayOptions } from "./start-gateway";

async function main(): Promise<void> {
  let config: GatewayConfig;
  const inProcess: StartGatewayOptions = {};
  try {
    config = loadGatewayConfig();
    // A service inside this process reads its own variables, as it would alone.
    if (config.LLM_PROXY_ADDR === IN_PROCESS) inProcess.llmProxyConfig = loadLlmProxyConfig();
    if (config.SESSION_ADDR === IN_PROCESS) inProcess.sessionConfig = loadSessionConfig();
  } catch (error) {
    exitOnConfigError(error);
  }
  const logger = createLogger({ service: "gateway", level: config.LOG_LEVEL });
  // Running replies get their whole grace: the process deadline follows it.
  const shutdown = new Shutdown(logger, shutdownDeadlineMs(config));
  shutdown.installSignalHandlers();
  try {
    const gateway = await startGateway(config, { logger, registry: createMetricsRegistry() }, inProcess);
    shutdown.add("gateway", () => gateway.stop());
  } catch (error) {
    logger.fatal({ err: error }, "gateway failed to start");
    process.exit(1);
  }
}

void main();
