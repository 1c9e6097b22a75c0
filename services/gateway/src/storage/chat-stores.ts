import type { Logger } from "@chatbot/core";
import type { Registry } from "@chatbot/observability";
import type { GatewayConfig } from "../config";
import { MemoryStreamLog } from "./memory-stream-log.store";
import { connectGatewayRedis } from "./redis-connection";
import { RedisStreamLog } from "./redis-stream-log.store";
import { MemorySessionLocks, RedisSessionLocks, type SessionLocks } from "../domain/chat/session-lock.store";
import { MemoryStopBus, RedisStopBus, type StopBus } from "../domain/chat/stop-bus.store";
import type { StreamCapacity } from "../domain/chat/stream-capacity";
import type { StreamLog } from "../domain/chat/stream-log.store";

export interface ChatStores {
  log: StreamLog;
  locks: SessionLocks;
  stopBus: StopBus;
  /** "redis" or "memory", for health. */
  kind: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

function streamCapacity(config: GatewayConfig): StreamCapacity {
  return { maxStreams: config.STREAM_LOG_MAX_STREAMS, maxBytes: config.STREAM_LOG_MAX_MB * 1024 * 1024 };
}

/**
 * Redis when configured, so streams, locks and stops work across gateway instances;
 * memory otherwise. With Redis configured but unreachable, each falls back to this
 * instance (see RedisStreamLog, RedisSessionLocks, RedisStopBus) and chat keeps working.
 */
export function createChatStores(config: GatewayConfig, logger: Logger, registry?: Registry): ChatStores {
  if (!config.REDIS_URL) {
    const log = new MemoryStreamLog({ retentionMs: config.STREAM_RETENTION_SECONDS * 1000, ...streamCapacity(config) });
    return {
      log,
      locks: new MemorySessionLocks(),
      stopBus: new MemoryStopBus(),
      kind: "memory",
      ping: async () => undefined,
      close: () => log.close(),
    };
  }
  const { redis, fallbacks } = connectGatewayRedis(config.REDIS_URL, {
    logger,
    ...(registry ? { registry } : {}),
    purpose: "chat streams, generation locks and stops",
  });
  const prefix = config.REDIS_KEY_PREFIX;
  const log = new RedisStreamLog(redis, {
    prefix,
    retentionSeconds: config.STREAM_RETENTION_SECONDS,
    leaseSeconds: config.STREAM_LEASE_SECONDS,
    capacity: streamCapacity(config),
    fallbacks,
  });
  const stopBus = new RedisStopBus(redis, `${prefix}stop`, { logger, fallbacks });
  return {
    log,
    locks: new RedisSessionLocks(redis, { prefix, ttlMs: 15_000, fallbacks }),
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
