import type { Logger } from "@chatbot/core";
import type { Registry } from "@chatbot/observability";
import type { GatewayConfig } from "../config";
import { MemoryStreamLogStore } from "./memory-stream-log.store";
import { connectGatewayRedis } from "./redis-connection";
import { RedisStreamLogStore } from "./redis-stream-log.store";
import type { SessionLockStore } from "../domain/chat/session-lock.store";
import { MemorySessionLockStore } from "./memory-session-lock.store";
import { RedisSessionLockStore } from "./redis-session-lock.store";
import type { StopBusStore } from "../domain/chat/stop-bus.store";
import { MemoryStopBusStore } from "./memory-stop-bus.store";
import { RedisStopBusStore } from "./redis-stop-bus.store";
import type { StreamCapacity } from "../domain/chat/stream-capacity";
import type { StreamLogStore } from "../domain/chat/stream-log.store";

export interface ChatStores {
  log: StreamLogStore;
  locks: SessionLockStore;
  stopBus: StopBusStore;
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
 * instance (see RedisStreamLogStore, RedisSessionLockStore, RedisStopBusStore) and chat keeps working.
 */
export function createChatStores(config: GatewayConfig, logger: Logger, registry?: Registry): ChatStores {
  if (!config.REDIS_URL) {
    const log = new MemoryStreamLogStore({ retentionMs: config.STREAM_RETENTION_SECONDS * 1000, ...streamCapacity(config) });
    return {
      log,
      locks: new MemorySessionLockStore(),
      stopBus: new MemoryStopBusStore(),
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
  const log = new RedisStreamLogStore(redis, {
    prefix,
    retentionSeconds: config.STREAM_RETENTION_SECONDS,
    leaseSeconds: config.STREAM_LEASE_SECONDS,
    capacity: streamCapacity(config),
    fallbacks,
  });
  const stopBus = new RedisStopBusStore(redis, `${prefix}stop`, { logger, fallbacks });
  return {
    log,
    locks: new RedisSessionLockStore(redis, { prefix, ttlMs: 15_000, fallbacks }),
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
