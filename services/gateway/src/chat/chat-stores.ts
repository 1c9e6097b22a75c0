import { Redis } from "ioredis";
import type { Logger } from "@chatbot/core";
import type { GatewayConfig } from "../config";
import { MemoryStreamLog } from "./memory-stream-log";
import { RedisStreamLog } from "./redis-stream-log";
import { MemorySessionLocks, RedisSessionLocks, type SessionLocks } from "./session-locks";
import { MemoryStopBus, RedisStopBus, type StopBus } from "./stop-bus";
import type { StreamLog } from "./stream-log";

export interface ChatStores {
  log: StreamLog;
  locks: SessionLocks;
  stopBus: StopBus;
  /** "redis" or "memory", for health. */
  kind: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Redis when configured, so streams, locks and stops work across gateway instances; memory otherwise. */
export function createChatStores(config: GatewayConfig, logger: Logger): ChatStores {
  if (!config.REDIS_URL) {
    const log = new MemoryStreamLog(config.STREAM_RETENTION_SECONDS * 1000);
    return {
      log,
      locks: new MemorySessionLocks(),
      stopBus: new MemoryStopBus(),
      kind: "memory",
      ping: async () => undefined,
      close: () => log.close(),
    };
  }
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableAutoPipelining: true, lazyConnect: false });
  redis.on("error", (error: Error) => logger.warn({ err: error }, "Redis error"));
  const prefix = config.REDIS_KEY_PREFIX;
  const log = new RedisStreamLog(redis, { prefix, retentionSeconds: config.STREAM_RETENTION_SECONDS, logger });
  const stopBus = new RedisStopBus(redis, `${prefix}stop`);
  return {
    log,
    locks: new RedisSessionLocks(redis, { prefix, ttlMs: 15_000 }),
    stopBus,
    kind: "redis",
    ping: async () => void (await redis.ping()),
    async close() {
      await log.close();
      await stopBus.close();
      redis.disconnect();
    },
  };
}
