// The chat path in distributed mode for the benchmarks: session (Postgres), llm-proxy (Redis,
// an OpenAI-compatible upstream) and the gateway, each service in its own process.
import { freePort, testStores } from "@chatbot/testkit";
import { spawnService, type ServiceProcess } from "./processes";

export interface DistributedChat {
  /** The gateway's base URL. */
  url: string;
  services: ServiceProcess[];
  stop(): Promise<void>;
}

export async function startDistributedChat(options: {
  databaseUrl: string;
  openaiBaseUrl: string;
  /** The gateway's DEFAULT_MAX_TOKENS. */
  maxTokens: number;
  /** Added to (or overriding) the gateway's environment. */
  gatewayEnv?: Record<string, string>;
  /** The checkout whose services run (default: this one). */
  root?: string;
  /** Where the services' Redis keys start, so that two systems can share one Redis. */
  redisKeyPrefix?: string;
  /**
   * The llm-proxy inside the gateway's process (LLM_PROXY_ADDR=in-process) instead of its own;
   * the processes are then named `session-b` and `gateway+llm-proxy`, so that both systems can run at once.
   */
  llmInProcess?: boolean;
  /**
   * The session service inside the gateway's process too (SESSION_ADDR=in-process, with the
   * llm-proxy in-process): one process named `gateway+session+llm-proxy`.
   */
  sessionInProcess?: boolean;
}): Promise<DistributedChat> {
  const prefix = options.redisKeyPrefix ?? "chatbot:bench";
  const ports = { session: await freePort(), llm: await freePort(), http: await freePort() };
  const common = { GRPC_HOST: "127.0.0.1", ADMIN_PORT: "0" };
  const provider = { LLM_PROVIDER: "openai", OPENAI_API_KEY: "bench", OPENAI_BASE_URL: options.openaiBaseUrl, LLM_MODEL: "bench-model" };
  const oneProcess = options.sessionInProcess === true;
  const inProcess = options.llmInProcess === true || oneProcess;
  const services: ServiceProcess[] = [
    ...(oneProcess
      ? []
      : [
          spawnService(
            inProcess ? "session-b" : "session",
            "services/session/src/main.ts",
            { ...common, GRPC_PORT: String(ports.session), DATABASE_URL: options.databaseUrl },
            options.root,
          ),
        ]),
    ...(inProcess
      ? []
      : [
          spawnService(
            "llm-proxy",
            "services/llm-proxy/src/main.ts",
            { ...common, GRPC_PORT: String(ports.llm), REDIS_URL: testStores.redisUrl, REDIS_KEY_PREFIX: `${prefix}:llm:`, ...provider },
            options.root,
          ),
        ]),
    spawnService(
      oneProcess ? "gateway+session+llm-proxy" : inProcess ? "gateway+llm-proxy" : "gateway",
      "services/gateway/src/main.ts",
      {
        HOST: "127.0.0.1",
        PORT: String(ports.http),
        AUTH_MODE: "none",
        // One client opens every stream here; the per-key cap would turn most of them away.
        MAX_CONCURRENT_STREAMS_PER_KEY: "5000",
        MAX_CONNECTIONS_PER_ADDRESS: "5000",
        ...(oneProcess ? { SESSION_ADDR: "in-process", DATABASE_URL: options.databaseUrl } : { SESSION_ADDR: `127.0.0.1:${ports.session}` }),
        ...(inProcess ? { LLM_PROXY_ADDR: "in-process", ...provider } : { LLM_PROXY_ADDR: `127.0.0.1:${ports.llm}` }),
        REDIS_URL: testStores.redisUrl,
        REDIS_KEY_PREFIX: `${prefix}:gw:`,
        DEFAULT_MAX_TOKENS: String(options.maxTokens),
        ...options.gatewayEnv,
      },
      options.root,
    ),
  ];
  return {
    url: `http://127.0.0.1:${ports.http}`,
    services,
    stop: async () => {
      await Promise.all(services.map((service) => service.stop()));
    },
  };
}
