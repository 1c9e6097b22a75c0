import { join } from "node:path";
import type { Logger } from "@chatbot/core";
import type { StoreProbe } from "@chatbot/grpc";
import { createPgliteClient, createPostgresClient, type SqlClient } from "@chatbot/sql";
import type { IngestConfig } from "../config";
import { RabbitConnection } from "../queue/rabbit-connection";

export interface IngestStores {
  sql: SqlClient;
  rabbit: RabbitConnection | undefined;
  probes: StoreProbe[];
  close(): Promise<void>;
}

/**
 * The registry database and the job queue: real servers when configured, embedded otherwise.
 * `shared` is an embedded database the launcher opened for every service; it is not closed here.
 */
export async function openIngestStores(config: IngestConfig, logger: Logger, shared?: SqlClient): Promise<IngestStores> {
  const ownsSql = !shared;
  const sql =
    shared ??
    (config.DATABASE_URL
      ? createPostgresClient({ connectionString: config.DATABASE_URL, applicationName: "chatbot-ingest" })
      : await createPgliteClient({ dataDir: join(config.DATA_DIR, "ingest") }));
  const rabbit = config.RABBITMQ_URL ? new RabbitConnection({ url: config.RABBITMQ_URL, logger }) : undefined;
  await rabbit?.start();
  const probes: StoreProbe[] = [
    { name: "postgres", kind: sql.kind, ping: () => sql.ping() },
    rabbit ? { name: "queue", kind: "rabbitmq", ping: () => rabbit.ping() } : { name: "queue", kind: "in-process", ping: async () => undefined },
  ];
  return {
    sql,
    rabbit,
    probes,
    async close() {
      await rabbit?.close();
      if (ownsSql) await sql.close();
    },
  };
}
