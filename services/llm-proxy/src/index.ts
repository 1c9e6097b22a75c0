export { loadLlmProxyConfig, llmProxyConfigSchema, type LlmProxyConfig } from "./config";
export { startLlmProxyService, type StartLlmProxyOptions } from "./start-llm-proxy";
export { LOCAL_MODEL } from "./clients/providers/local.provider";
