import "./instrument";
import { runStandalone } from "@chatbot/runtime";
import { loadLlmProxyConfig } from "./config";
import { startLlmProxyService } from "./start-llm-proxy";

void runStandalone({ service: "llm-proxy", loadConfig: () => loadLlmProxyConfig(), start: startLlmProxyService });
