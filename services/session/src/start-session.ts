import { join } from "node:path";
import { startGrpcServer, protos, type HandlerRuntime, type StoreProbe } from "@chatbot/grpc";
import { counter, createGrpcServerMetrics } from "@chatbot/observability";
import { grpcSecurityOf, grpcServiceHandle, type ServiceDependencies, type ServiceHandle } from "@chatbot/runtime";
import { createPgliteClient, createPostgresClient, migrate, type SqlClient } from "@chatbot/sql";
import type { SessionConfig } from "./config";
import { createExpirySweeper } from "./domain/expiry-sweeper";
import { createSessionService, type SessionService } from "./domain/session.service";
import { countContentTokens } from "./domain/token-counter";
import { sessionMigrations } from "./storage/session.migrations";
import { createSqlSessionStore } from "./storage/sql-session.store";
import { createSqlSummaryStore } from "./storage/sql-summary.store";
import { createSqlApiKeyStore } from "./storage/sql-api-key.store";
import { createApiKeyService, type ApiKeyService } from "./domain/api-key.service";
import { createSessionHandlers } from "./transport/session.grpc";
import { apiKeysService } from "./transport/api-key.grpc";
import { createInProcessSession, type InProcessSession } from "./transport/session.in-process";

export interface SessionStartOptions {
  /** Postgres schema the service owns; default "session". */
  schema?: string;
  /** The clock for expiry; default the system clock. */
  now?: () => Date;
  /** A database client the caller owns (and closes); default one built from the config. */
  sql?: SqlClient;
}

export const SESSION_SERVICE_NAME = "chatbot.session.v1.SessionService";
export const API_KEYS_SERVICE_NAME = "chatbot.session.v1.ApiKeys";

/** The service as both edges need it: its calls, its stores to probe, and what to close. */
interface SessionParts {
  runtime: HandlerRuntime;
  service: SessionService;
  apiKeys: ApiKeyService;
  stores: StoreProbe[];
  /** Starts the expiry sweeper: once the service can be called. */
  start(): void;
  close(): Promise<void>;
}

async function buildSession(config: SessionConfig, dependencies: ServiceDependencies, options: SessionStartOptions): Promise<SessionParts> {
  const { logger, registry } = dependencies;
  const schema = options.schema ?? "session";
  const now = options.now ?? (() => new Date());
  const ownsSql = options.sql === undefined;
  const sql =
    options.sql ??
    (config.DATABASE_URL
      ? createPostgresClient({ connectionString: config.DATABASE_URL, applicationName: "chatbot-session" })
      : await createPgliteClient({ dataDir: join(config.DATA_DIR, "session") }));

  try {
    const applied = await migrate(sql, { schema, migrations: sessionMigrations });
    if (applied.length > 0) logger.info({ schema, versions: applied }, "session schema migrated");

    const store = createSqlSessionStore(sql, schema);
    const service = createSessionService({
      store,
      now,
      timeoutMs: config.SESSION_TIMEOUT_HOURS * 3_600_000,
      countTokens: countContentTokens,
      summaries: createSqlSummaryStore(sql, schema),
    });
    const expired = counter(registry, {
      name: "chatbot_session_expired_sessions_deleted_total",
      help: "Sessions deleted by the expiry sweeper",
      labelNames: [] as const,
    });
    const abandoned = counter(registry, {
      name: "chatbot_session_abandoned_replies_total",
      help: "Replies never stored by their generation, marked failed by the sweeper",
      labelNames: [] as const,
    });
    const sweeper = createExpirySweeper({
      store,
      now,
      intervalMs: config.SESSION_SWEEP_INTERVAL_SECONDS * 1000,
      logger,
      onSwept: (count) => expired.inc(count),
      abandonedReplyMs: config.SESSION_ABANDONED_REPLY_MINUTES * 60_000,
      onAbandoned: (count) => abandoned.inc(count),
    });
    return {
      runtime: { logger, observe: createGrpcServerMetrics(registry, "session").observe },
      service,
      apiKeys: createApiKeyService({ store: createSqlApiKeyStore(sql, schema), now }),
      stores: [{ name: "postgres", kind: sql.kind, ping: () => sql.ping() }],
      start: () => sweeper.start(),
      async close() {
        await sweeper.stop();
        if (ownsSql) await sql.close();
      },
    };
  } catch (error) {
    if (ownsSql) await sql.close().catch(() => undefined);
    throw error;
  }
}

export async function startSessionService(config: SessionConfig, dependencies: ServiceDependencies, options: SessionStartOptions = {}): Promise<ServiceHandle> {
  const parts = await buildSession(config, dependencies, options);
  const { runtime, service, apiKeys, stores } = parts;
  let server;
  try {
    server = await startGrpcServer(
      {
        service: "session",
        host: config.GRPC_HOST,
        security: grpcSecurityOf(config),
        port: config.GRPC_PORT,
        logger: dependencies.logger,
        runtime,
        stores,
        healthNames: [SESSION_SERVICE_NAME, API_KEYS_SERVICE_NAME],
      },
      (grpcServer) => {
        grpcServer.addService(protos.session().SessionService.service, createSessionHandlers(service, runtime));
        grpcServer.addService(...apiKeysService(apiKeys, runtime));
      },
    );
  } catch (error) {
    await parts.close().catch(() => undefined);
    throw error;
  }
  parts.start();
  return grpcServiceHandle(server, () => parts.close());
}

/**
 * The service for a gateway in this process (SESSION_ADDR=in-process): the same calls, stores,
 * sweeper and metrics, and no gRPC server. `stop` stops the sweeper and closes the store.
 */
export async function startInProcessSessionService(
  config: SessionConfig,
  dependencies: ServiceDependencies,
  options: SessionStartOptions = {},
): Promise<{ session: InProcessSession; stop(): Promise<void> }> {
  const parts = await buildSession(config, dependencies, options);
  const session = createInProcessSession(parts);
  parts.start();
  dependencies.logger.info({ store: parts.stores[0]?.kind, edge: "in-process" }, "session ready");
  return { session, stop: () => parts.close() };
}
