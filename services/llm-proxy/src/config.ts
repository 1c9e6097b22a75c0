import { z } from "zod";
import { env, parseEnv } from "@chatbot/core";
import { baseServiceSchema } from "@chatbot/runtime";
import { PROVIDER_NAMES, type ProviderName } from "./domain/generation.types";

const providerName = z.enum(PROVIDER_NAMES, { error: `must be one of ${PROVIDER_NAMES.join(", ")}` });

const optionalPositiveInt = z.coerce.number({ error: "must be a number" }).int("must be a whole number").positive("must be positive").optional();

export const llmProxyConfigSchema = baseServiceSchema({ grpcPort: 50053, adminPort: 9103 })
  .extend({
    /** The first provider asked; `local` answers without any model. */
    LLM_PROVIDER: providerName.default("local"),
    /** Model of LLM_PROVIDER; each provider has its own default. */
    LLM_MODEL: z.string().optional(),
    /** Models of providers used as fallbacks (LLM_MODEL names the primary's). */
    OPENAI_MODEL: z.string().default("gpt-4o-mini"),
    ANTHROPIC_MODEL: z.string().default("claude-sonnet-4-6"),
    LLM_SERVER_MODEL: z.string().default("llm-server"),
    LLM_SERVER_URL: env.url(["http", "https"]),
    OPENAI_API_KEY: z.string().optional(),
    /** Any OpenAI-compatible server (vLLM, TGI, Ollama, llama.cpp, LM Studio). */
    OPENAI_BASE_URL: env.url(["http", "https"]),
    ANTHROPIC_API_KEY: z.string().optional(),
    ANTHROPIC_BASE_URL: env.url(["http", "https"]),
    /** Providers tried in order when LLM_PROVIDER fails before its first token, e.g. "openai,anthropic". */
    LLM_FALLBACKS: env.list().pipe(z.array(providerName).optional()),
    /** Unset: an in-memory cache and rate limiter (one process only). */
    REDIS_URL: env.url(["redis", "rediss"]),
    REDIS_KEY_PREFIX: z.string().default("chatbot:llm:"),
    /** Seconds a deterministic (do_sample false) answer stays cached; 0 disables the cache. */
    CACHE_TTL: env.nonNegativeInt(3600),
    /** Per caller; unset means unlimited. */
    LLM_REQUESTS_PER_MINUTE: optionalPositiveInt,
    LLM_TOKENS_PER_MINUTE: optionalPositiveInt,
    LLM_CONNECT_TIMEOUT_MS: env.positiveInt(10_000),
    LLM_FIRST_TOKEN_TIMEOUT_MS: env.positiveInt(60_000),
    /** Longest silence between two tokens of a stream. */
    LLM_IDLE_TIMEOUT_MS: env.positiveInt(30_000),
    LLM_TOTAL_TIMEOUT_MS: env.positiveInt(300_000),
    /** Retries per provider, before the first token only. */
    LLM_MAX_RETRIES: env.nonNegativeInt(2),
    LLM_RETRY_BASE_DELAY_MS: env.positiveInt(250),
    /** Longest wait between retries; a Retry-After beyond it moves on to the next provider instead. */
    LLM_RETRY_MAX_DELAY_MS: env.positiveInt(10_000),
    LLM_BREAKER_FAILURE_THRESHOLD: env.positiveInt(5),
    LLM_BREAKER_COOLDOWN_MS: env.positiveInt(30_000),
  })
  .superRefine((config, context) => {
    const chain = [config.LLM_PROVIDER, ...(config.LLM_FALLBACKS ?? [])];
    const require = (variable: keyof typeof config, provider: ProviderName) => {
      if (!config[variable]) context.addIssue({ code: "custom", path: [variable], message: `is required when ${provider} is in use (LLM_PROVIDER or LLM_FALLBACKS)` });
    };
    if (chain.includes("llm-server")) require("LLM_SERVER_URL", "llm-server");
    if (chain.includes("openai")) require("OPENAI_API_KEY", "openai");
    if (chain.includes("anthropic")) require("ANTHROPIC_API_KEY", "anthropic");
    if (new Set(chain).size !== chain.length) {
      context.addIssue({ code: "custom", path: ["LLM_FALLBACKS"], message: "must not repeat a provider or LLM_PROVIDER" });
    }
  });

export type LlmProxyConfig = z.infer<typeof llmProxyConfigSchema>;

export function loadLlmProxyConfig(environment: Record<string, string | undefined> = process.env): LlmProxyConfig {
  return parseEnv(llmProxyConfigSchema, environment);
}
