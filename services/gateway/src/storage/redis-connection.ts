import type { Logger } from "@chatbot/core";
import type { Registry } from "@chatbot/observability";
import { connectBoundedRedis, type BoundedRedis, type RedisFallbacks as Fallbacks } from "@chatbot/redis";

export { duplicateForWaiting } from "@chatbot/redis";

/** What works without Redis, each in its own reduced way (see where each is used). */
export type RedisFeature = "rate_limit" | "token_quota" | "stream_slots" | "session_lock" | "stream_mirror" | "stream_resume" | "stop_bus";

export type RedisFallbacks = Fallbacks<RedisFeature>;

/** The gateway's Redis connections: bounded, outages reported once, fallbacks counted under `gateway`. */
export function connectGatewayRedis(url: string, options: { logger: Logger; registry?: Registry; purpose: string }): BoundedRedis<RedisFeature> {
  // Many small commands per request (locks, limits, stream mirroring): sent together per tick.
  return connectBoundedRedis<RedisFeature>(url, { ...options, service: "gateway", autoPipelining: true });
}
