import type { Logger } from "@chatbot/core";
import type { LlmProxyConfig } from "../../config";
import type { ProviderName } from "../../domain/generation.types";
import type { LlmProvider } from "../../domain/provider.client";
import { createAnthropicProvider } from "./anthropic.provider";
import { createLlmServerProvider } from "./llm-server.provider";
import { createLocalProvider } from "./local.provider";
import { createOpenAiProvider } from "./openai.provider";

const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";
const ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com";

/** The primary provider then the fallbacks, each built from its own slice of the configuration. */
export function createProviders(config: LlmProxyConfig, logger: Logger): LlmProvider[] {
  const chain: ProviderName[] = [config.LLM_PROVIDER, ...(config.LLM_FALLBACKS ?? [])];
  return chain.map((name, index) => createProvider(name, index === 0 ? config.LLM_MODEL : undefined, config, logger));
}

function createProvider(name: ProviderName, model: string | undefined, config: LlmProxyConfig, logger: Logger): LlmProvider {
  // config.ts guarantees the keys and URLs of every provider in the chain.
  switch (name) {
    case "openai":
      return createOpenAiProvider({
        apiKey: config.OPENAI_API_KEY!,
        baseUrl: config.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL,
        model: model ?? config.OPENAI_MODEL,
        logger,
      });
    case "anthropic":
      return createAnthropicProvider({
        apiKey: config.ANTHROPIC_API_KEY!,
        baseUrl: config.ANTHROPIC_BASE_URL ?? ANTHROPIC_DEFAULT_BASE_URL,
        model: model ?? config.ANTHROPIC_MODEL,
        logger,
      });
    case "llm-server":
      return createLlmServerProvider({ url: config.LLM_SERVER_URL!, model: model ?? config.LLM_SERVER_MODEL, logger });
    case "local":
      return model ? createLocalProvider({ model }) : createLocalProvider();
  }
}
