import { z } from "zod";
import { DEFAULT_MAX_NEW_TOKENS, DEFAULT_TEMPERATURE, TEMPERATURE_MAX, TEMPERATURE_MIN, env, parseEnv } from "@chatbot/core";
import type { ConnectionLimits } from "./transport/http/connection-limits";
import { grpcSecurityFields, requireCompleteTls } from "@chatbot/runtime";

/** SESSION_ADDR's or LLM_PROXY_ADDR's value for that service inside the gateway's process. */
export const IN_PROCESS = "in-process";

/** A limit that is off when unset. */
const optionalPositiveInt = z.coerce.number({ error: "must be a number" }).int("must be a whole number").positive("must be positive").optional();

export const gatewayConfigSchema = z
  .object({
    PORT: env.port(8080),
    /** 127.0.0.1 keeps an unauthenticated embedded system off the network. */
    HOST: z.string().default("0.0.0.0"),
    LOG_LEVEL: env.logLevel(),
    /**
     * `in-process` runs the session service inside the gateway (reading the session service's own
     * variables: DATABASE_URL or DATA_DIR, expiry): a turn's question and reply are then stored
     * without a hop. Otherwise the session service's host:port.
     */
    SESSION_ADDR: z.union([z.literal(IN_PROCESS), env.address("127.0.0.1:50051")]).default("127.0.0.1:50051"),
    RETRIEVAL_ADDR: env.address("127.0.0.1:50052"),
    /**
     * `in-process` runs the llm-proxy inside the gateway (reading the llm-proxy's own variables:
     * providers, keys, cache, limits): a token then crosses no socket between the provider and
     * the client. Otherwise the llm-proxy service's host:port.
     */
    LLM_PROXY_ADDR: z.union([z.literal(IN_PROCESS), env.address("127.0.0.1:50053")]).default("127.0.0.1:50053"),
    INGEST_ADDR: env.address("127.0.0.1:50054"),
    /** How long /api/health waits for each service before calling it down. */
    HEALTH_TIMEOUT_MS: env.positiveInt(1500),
    /** JSON request bodies larger than this answer 413. */
    MAX_JSON_BODY_KB: env.positiveInt(1024),
    /** A request (headers and body) not received within this answers 408; responses such as event streams are not bounded by it. */
    REQUEST_TIMEOUT_SECONDS: env.positiveInt(120),
    /** Open connections per client address (behind a proxy, raise it: every client shares the proxy's address). */
    MAX_CONNECTIONS_PER_ADDRESS: env.positiveInt(256),
    /** Uploads larger than this answer 413. */
    MAX_UPLOAD_MB: env.positiveInt(50),
    /**
     * JSON document batches larger than this answer 413: a JSON body is parsed whole on the
     * event loop (10–15 ms per MB decoded and parsed on a 2-core machine), where a file upload is streamed.
     */
    MAX_DOCUMENTS_JSON_MB: env.positiveInt(10),
    /** Stream buffers, generation locks and stop signals shared by every gateway instance; absent: in memory. */
    REDIS_URL: env.url(["redis", "rediss"]),
    REDIS_KEY_PREFIX: z.string().default("chatbot:gw:"),
    MAX_CONTEXT_MESSAGES: env.positiveInt(10),
    /** Tokens of history sent to the LLM at most (oldest messages are dropped first). */
    CONTEXT_TOKEN_BUDGET: env.positiveInt(3000),
    DEFAULT_MAX_TOKENS: env.positiveInt(DEFAULT_MAX_NEW_TOKENS),
    DEFAULT_TEMPERATURE: env.number(DEFAULT_TEMPERATURE, TEMPERATURE_MIN, TEMPERATURE_MAX),
    SYSTEM_PROMPT: z
      .string()
      .default(
        "당신은 친절하고 정확한 한국어 도우미입니다. 제공된 자료가 있으면 그 내용을 근거로 답하고 [1]처럼 번호로 출처를 표시하세요. 모르는 내용은 모른다고 말하세요.",
      ),
    /** How long a finished stream can still be resumed. */
    STREAM_RETENTION_SECONDS: env.positiveInt(300),
    /**
     * With Redis: a stream whose generating instance has not renewed its lease for this long
     * is taken as lost (the instance died); clients following it elsewhere get
     * `generation_lost` and the reply is stored interrupted with what it said so far.
     */
    STREAM_LEASE_SECONDS: env.positiveInt(10),
    /**
     * Streams this process keeps in memory (running, and finished ones still resumable), and
     * their estimated size. Finished streams are dropped oldest first to stay within both;
     * when running streams alone fill them, a new chat answers 503 `stream_capacity_exhausted`.
     */
    STREAM_LOG_MAX_STREAMS: env.positiveInt(5000),
    STREAM_LOG_MAX_MB: env.positiveInt(256),
    SSE_PING_SECONDS: env.positiveInt(15),
    /** On shutdown, running generations get this long to finish before they are stopped. */
    SHUTDOWN_GRACE_SECONDS: env.positiveInt(4),
    /** api_key: every /api route but /api/health needs a tenant's key. none: one tenant, no keys (loopback by default). */
    AUTH_MODE: z.enum(["api_key", "none"]).default("api_key"),
    /**
     * Enables /api/admin/keys for this key; absent: the admin routes do not exist, and in
     * AUTH_MODE=api_key a store that has never held an API key gets one at start, written
     * to the log once (domain/access/initial-api-key.ts).
     */
    ADMIN_API_KEY: z.string().min(16, "must be at least 16 characters").optional(),
    /** How long a resolved key is trusted without asking the session service again (revocation elsewhere waits this long). */
    API_KEY_CACHE_SECONDS: env.nonNegativeInt(30),
    /**
     * With AUTH_MODE=api_key, `Authorization: Bearer <jwt>` is also accepted when signed by a key
     * from this JSON Web Key Set (an identity provider's); absent: API keys only.
     */
    JWT_JWKS_URL: env.url(["https", "http"]),
    /** When set, a token's `iss` / `aud` must match. */
    JWT_ISSUER: z.string().optional(),
    JWT_AUDIENCE: z.string().optional(),
    /** The claim that names a token's tenant. */
    JWT_TENANT_CLAIM: z.string().default("tenant"),
    /** Requests per minute per key (per client address without keys); absent: unlimited. */
    RATE_LIMIT_PER_MINUTE: optionalPositiveInt,
    /**
     * Open chat streams per key (shared by every instance with REDIS_URL). Absent: no cap with
     * AUTH_MODE=none (the one anonymous caller is usually a frontend's server speaking for all
     * its users), DEFAULT_STREAMS_PER_KEY with keys.
     */
    MAX_CONCURRENT_STREAMS_PER_KEY: optionalPositiveInt,
    /** LLM tokens (prompt + reply) per key per clock minute, and per UTC day; absent: unlimited. */
    TOKEN_LIMIT_PER_MINUTE: optionalPositiveInt,
    TOKEN_LIMIT_PER_DAY: optionalPositiveInt,
    /** Origins allowed by CORS, comma-separated (`*` for any); absent: no CORS headers. */
    CORS_ORIGINS: env.list(),
    /** The internal token and certificates the gateway presents to the backend services. */
    ...grpcSecurityFields,
  })
  .superRefine(requireCompleteTls);

/**
 * How long a stopping gateway process may take: the grace for running replies, then time
 * to store the ones still running as interrupted and close connections and stores.
 */
export function shutdownDeadlineMs(config: Pick<GatewayConfig, "SHUTDOWN_GRACE_SECONDS">): number {
  return (config.SHUTDOWN_GRACE_SECONDS + 3) * 1000;
}

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function connectionLimitsOf(config: Pick<GatewayConfig, "REQUEST_TIMEOUT_SECONDS" | "MAX_CONNECTIONS_PER_ADDRESS">): ConnectionLimits {
  return { requestTimeoutMs: config.REQUEST_TIMEOUT_SECONDS * 1000, maxConnectionsPerAddress: config.MAX_CONNECTIONS_PER_ADDRESS };
}

/**
 * A key's default stream cap: far above what one person opens, so a backend-for-frontend
 * calling with one key for many users is not refused; it still keeps one key from holding
 * every stream a gateway can serve.
 */
export const DEFAULT_STREAMS_PER_KEY = 1000;

export function loadGatewayConfig(environment: Record<string, string | undefined> = process.env): GatewayConfig {
  const parsed = parseEnv(gatewayConfigSchema, environment);
  const config =
    parsed.MAX_CONCURRENT_STREAMS_PER_KEY === undefined && parsed.AUTH_MODE === "api_key"
      ? { ...parsed, MAX_CONCURRENT_STREAMS_PER_KEY: DEFAULT_STREAMS_PER_KEY }
      : parsed;
  // Without keys the API must not be reachable from the network unless HOST says so explicitly.
  if (!environment.HOST?.trim() && config.AUTH_MODE === "none") return { ...config, HOST: "127.0.0.1" };
  return config;
}
