import { z } from "zod";
import { ConfigError, env, parseEnv } from "../src";

const schema = z.object({
  PORT: env.port(8080),
  CHUNK_SIZE: env.positiveInt(1000),
  DATABASE_URL: env.url(["postgres", "postgresql"]),
  LLM_PROVIDER: z.enum(["openai", "anthropic", "llm-server", "local"]).default("local"),
  LLM_FALLBACKS: env.list(),
});

describe("parseEnv", () => {
  it("applies defaults when nothing is set, and treats empty values as unset", () => {
    expect(parseEnv(schema, { PORT: "", CHUNK_SIZE: "  " })).toEqual({ PORT: 8080, CHUNK_SIZE: 1000, LLM_PROVIDER: "local" });
  });

  it("coerces and trims values", () => {
    const config = parseEnv(schema, { PORT: " 9000 ", LLM_FALLBACKS: "openai, anthropic,", DATABASE_URL: "postgres://u@h/db" });
    expect(config).toMatchObject({ PORT: 9000, LLM_FALLBACKS: ["openai", "anthropic"], DATABASE_URL: "postgres://u@h/db" });
  });

  it.each([
    [{ PORT: "abc" }, /^Invalid configuration: PORT: .*\(got "abc"\)$/],
    [{ PORT: "70000" }, /^Invalid configuration: PORT: must be between 0 and 65535/],
    [{ CHUNK_SIZE: "-5" }, /^Invalid configuration: CHUNK_SIZE: must be positive/],
    [{ DATABASE_URL: "mysql://x" }, /^Invalid configuration: DATABASE_URL: must be a URL starting with postgres:\/\//],
    [{ LLM_PROVIDER: "gpt" }, /^Invalid configuration: LLM_PROVIDER: /],
  ])("fails with one line naming the variable for %j", (input, message) => {
    expect(() => parseEnv(schema, input)).toThrow(ConfigError);
    try {
      parseEnv(schema, input);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    }
  });
});

describe("parseEnv with secrets", () => {
  it("names a rejected secret without echoing its value", () => {
    const secrets = z.object({ ADMIN_API_KEY: z.string().min(16, "must be at least 16 characters").optional() });
    expect(() => parseEnv(secrets, { ADMIN_API_KEY: "짧은-비밀" })).toThrow(/^Invalid configuration: ADMIN_API_KEY: must be at least 16 characters$/);
  });
});
