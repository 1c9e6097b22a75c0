import type { Logger } from "@chatbot/core";
import type { LlmUpstream } from "@chatbot/testkit";
import type { ProviderName } from "../../src/domain/generation.types";
import type { LlmProvider } from "../../src/domain/provider.client";
import { createAnthropicProvider } from "../../src/clients/providers/anthropic.provider";
import { createLlmServerProvider } from "../../src/clients/providers/llm-server.provider";
import { createOpenAiProvider } from "../../src/clients/providers/openai.provider";

export type RemoteProviderName = Exclude<ProviderName, "local">;
export const REMOTE_PROVIDERS: RemoteProviderName[] = ["openai", "anthropic", "llm-server"];

/** Each adapter pointed at the test-kit upstream, through its official SDK where it has one. */
export function providerFor(name: RemoteProviderName, upstream: LlmUpstream, logger: Logger): LlmProvider {
  switch (name) {
    case "openai":
      return createOpenAiProvider({ apiKey: "sk-test-key", baseUrl: upstream.openaiBaseUrl, model: "gpt-test", logger });
    case "anthropic":
      return createAnthropicProvider({ apiKey: "sk-ant-test-key", baseUrl: upstream.anthropicBaseUrl, model: "claude-test", logger });
    case "llm-server":
      return createLlmServerProvider({ url: upstream.llmServerUrl, model: "llm-server", logger });
  }
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The error an async call rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
