import type { LlmUpstream } from "./llm-upstream-server";

/**
 * llm-proxy settings that send every generation to the upstream's OpenAI endpoint as model
 * `test-model`, tried once: a test sees each fault the upstream injects instead of a retry.
 */
export function llmProxyEnvFor(upstream: LlmUpstream): Record<string, string> {
  return {
    LLM_PROVIDER: "openai",
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: upstream.openaiBaseUrl,
    LLM_MODEL: "test-model",
    LLM_MAX_RETRIES: "0",
  };
}
