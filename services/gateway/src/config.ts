import { z } from "zod";
import { env, parseEnv } from "@chatbot/core";

export const gatewayConfigSchema = z.object({
  PORT: env.port(8080),
  /** 127.0.0.1 keeps an unauthenticated embedded system off the network. */
  HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: env.logLevel(),
  SESSION_ADDR: env.address("127.0.0.1:50051"),
  RETRIEVAL_ADDR: env.address("127.0.0.1:50052"),
  LLM_PROXY_ADDR: env.address("127.0.0.1:50053"),
  INGEST_ADDR: env.address("127.0.0.1:50054"),
  /** How long /api/health waits for each service before calling it down. */
  HEALTH_TIMEOUT_MS: env.positiveInt(1500),
  /** JSON request bodies larger than this answer 413. */
  MAX_JSON_BODY_KB: env.positiveInt(1024),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(environment: Record<string, string | undefined> = process.env): GatewayConfig {
  return parseEnv(gatewayConfigSchema, environment);
}
