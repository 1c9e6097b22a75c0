import { randomBytes } from "node:crypto";

/**
 * Real servers the integration suites talk to. They run on loopback on developer
 * machines and in CI; a suite that cannot reach one fails rather than skips.
 */
export const testStores = {
  postgresUrl: process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  redisUrl: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
  rabbitmqUrl: process.env.TEST_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672",
  qdrantUrl: process.env.QDRANT_URL,
};

/** A name no other test run uses, for schemas, queues and key prefixes. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}
