import { tracing } from "./thread-instrument";
import { loadLlmProxyConfig, startLlmProxyService } from "@chatbot/llm-proxy";
import { runInThread } from "./run-in-thread";

runInThread((env, dependencies) => startLlmProxyService(loadLlmProxyConfig(env), dependencies), tracing);
