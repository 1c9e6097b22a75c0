import { ConfigError } from "@chatbot/core";
import { loadLlmProxyConfig } from "../src";

describe("llm-proxy configuration", () => {
  it("defaults to the local provider, ports 50053/9103 and a one-hour cache", () => {
    const config = loadLlmProxyConfig({});
    expect(config).toMatchObject({ LLM_PROVIDER: "local", GRPC_PORT: 50053, ADMIN_PORT: 9103, CACHE_TTL: 3600 });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.LLM_REQUESTS_PER_MINUTE).toBeUndefined();
    expect(config.LLM_TOKENS_PER_MINUTE).toBeUndefined();
  });

  it.each([
    [{ LLM_PROVIDER: "gpt" }, "LLM_PROVIDER"],
    [{ LLM_PROVIDER: "llm-server" }, "LLM_SERVER_URL"],
    [{ LLM_PROVIDER: "openai" }, "OPENAI_API_KEY"],
    [{ LLM_PROVIDER: "anthropic" }, "ANTHROPIC_API_KEY"],
    [{ LLM_PROVIDER: "openai", OPENAI_API_KEY: "sk-1", LLM_FALLBACKS: "anthropic" }, "ANTHROPIC_API_KEY"],
    [{ LLM_FALLBACKS: "openai,클로드" }, "LLM_FALLBACKS"],
    [{ LLM_PROVIDER: "openai", OPENAI_API_KEY: "sk-1", LLM_FALLBACKS: "openai" }, "LLM_FALLBACKS"],
    [{ LLM_PROVIDER: "llm-server", LLM_SERVER_URL: "서버" }, "LLM_SERVER_URL"],
    [{ REDIS_URL: "http://127.0.0.1:6379" }, "REDIS_URL"],
    [{ CACHE_TTL: "-1" }, "CACHE_TTL"],
    [{ LLM_REQUESTS_PER_MINUTE: "0" }, "LLM_REQUESTS_PER_MINUTE"],
    [{ LLM_FIRST_TOKEN_TIMEOUT_MS: "곧" }, "LLM_FIRST_TOKEN_TIMEOUT_MS"],
  ])("%o fails start-up naming %s", (environment, variable) => {
    expect(() => loadLlmProxyConfig(environment)).toThrow(ConfigError);
    expect(() => loadLlmProxyConfig(environment)).toThrow(new RegExp(`^Invalid configuration: ${variable}:`));
  });

  it("accepts a full distributed configuration", () => {
    const config = loadLlmProxyConfig({
      LLM_PROVIDER: "llm-server",
      LLM_SERVER_URL: "http://llm:8000",
      LLM_FALLBACKS: "openai, anthropic",
      OPENAI_API_KEY: "sk-1",
      ANTHROPIC_API_KEY: "sk-ant-1",
      REDIS_URL: "redis://redis:6379",
      CACHE_TTL: "60",
      LLM_REQUESTS_PER_MINUTE: "30",
      LLM_TOKENS_PER_MINUTE: "10000",
    });
    expect(config).toMatchObject({ LLM_FALLBACKS: ["openai", "anthropic"], CACHE_TTL: 60, LLM_REQUESTS_PER_MINUTE: 30, LLM_TOKENS_PER_MINUTE: 10_000 });
  });
});
