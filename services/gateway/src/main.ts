import "./instrument";
import { Shutdown, createLogger } from "@chatbot/core";
import { createMetricsRegistry } from "@chatbot/observability";
import { exitOnConfigError } from "@chatbot/runtime";
import { loadLlmProxyConfig, type LlmProxyConfig } from "@chatbot/llm-proxy/config";
import { IN_PROCESS, loadGatewayConfig, shutdownDeadlineMs, type GatewayConfig } from "./config";
import { startGateway } from "./start-gateway";

async function main(): Promise<void> {
  let config: GatewayConfig;
  let llmProxyConfig: LlmProxyConfig | undefined;
  try {
    config = loadGatewayConfig();
    // The llm-proxy inside this process reads its own variables, as its service would.
    if (config.LLM_PROXY_ADDR === IN_PROCESS) llmProxyConfig = loadLlmProxyConfig();
  } catch (error) {
    exitOnConfigError(error);
  }
  const logger = createLogger({ service: "gateway", level: config.LOG_LEVEL });
  // Running replies get their whole grace: the process deadline follows it.
  const shutdown = new Shutdown(logger, shutdownDeadlineMs(config));
  shutdown.installSignalHandlers();
  try {
    const gateway = await startGateway(config, { logger, registry: createMetricsRegistry() }, llmProxyConfig ? { llmProxyConfig } : {});
    shutdown.add("gateway", () => gateway.stop());
  } catch (error) {
    logger.fatal({ err: error }, "gateway failed to start");
    process.exit(1);
  }
}

void main();
