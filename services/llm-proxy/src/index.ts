export { loadLlmProxyConfig, llmProxyConfigSchema, type LlmProxyConfig } from "./config";
export { startInProcessLlmProxy, startLlmProxyService, type StartLlmProxyOptions } from "./start-llm-proxy";
export type { InProcessLlmProxy } from "./transport/llm-proxy.in-process";
export { LOCAL_MODEL } from "./clients/providers/local.provider";
