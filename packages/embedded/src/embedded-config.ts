import { randomBytes } from "node:crypto";
// The configuration modules alone, through each service's `./config` entry (declared in its
// package.json `exports`): the launching thread runs only the gateway, and loading every
// service's main entry there (PGlite, the Korean analyser, …) would cost it ~90 MB and ~2 s of
// start-up for nothing.
import { loadGatewayConfig, type GatewayConfig } from "@chatbot/gateway";
import { loadIngestConfig, type IngestConfig } from "@chatbot/ingest/config";
import { loadLlmProxyConfig, type LlmProxyConfig } from "@chatbot/llm-proxy/config";
import { loadRetrievalConfig, type RetrievalConfig } from "@chatbot/retrieval/config";
import { loadSessionConfig, type SessionConfig } from "@chatbot/session/config";

export type Env = Record<string, string | undefined>;

/**
 * The backend services' environment: loopback, on ports the OS picks (only the gateway has a
 * fixed port). Any local user can reach loopback, so the services also require a token made
 * for this process, unless INTERNAL_TOKEN is set.
 */
export function embeddedInternalEnv(env: Env): Env {
  return {
    ...env,
    GRPC_HOST: "127.0.0.1",
    GRPC_PORT: "0",
    ADMIN_PORT: "0",
    INTERNAL_TOKEN: env.INTERNAL_TOKEN?.trim() || randomBytes(32).toString("base64url"),
  };
}

export interface EmbeddedConfig {
  /** What every backend service's configuration is parsed from. */
  internalEnv: Env;
  gateway: GatewayConfig;
  session: SessionConfig;
  retrieval: RetrievalConfig;
  llmProxy: LlmProxyConfig;
  ingest: IngestConfig;
}

/** Every service's configuration, parsed before anything starts: a bad variable throws a ConfigError naming it. */
export function loadEmbeddedConfig(env: Env): EmbeddedConfig {
  const internalEnv = embeddedInternalEnv(env);
  return {
    internalEnv,
    gateway: loadGatewayConfig({ HOST: "127.0.0.1", AUTH_MODE: "none", ...env, INTERNAL_TOKEN: internalEnv.INTERNAL_TOKEN }),
    session: loadSessionConfig(internalEnv),
    retrieval: loadRetrievalConfig(internalEnv),
    llmProxy: loadLlmProxyConfig(internalEnv),
    ingest: loadIngestConfig(internalEnv),
  };
}
