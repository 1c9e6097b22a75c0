import type { Redis } from "ioredis";
import type { Logger } from "@chatbot/core";
import type { StopBusStore } from "../domain/chat/stop-bus.store";
import { duplicateForWaiting, type RedisFallbacks } from "./redis-connection";

/**
 * Redis pub/sub; the subscriber needs a connection of its own. It subscribes again
 * whenever that connection is (re)established, so a Redis restart, or a Redis that
 * was down when this instance started, costs stops only while Redis is away. A stop
 * that cannot be published is delivered here only: while Redis is unreachable, only
 * streams of this instance can be found to stop (others answer 503 before publishing).
 */
export class RedisStopBusStore implements StopBusStore {
  private subscriber: Redis | undefined;
  private readonly handlers = new Set<(messageId: string) => void>();

  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
    private readonly options: { logger: Logger; fallbacks?: RedisFallbacks },
  ) {}

  async publish(messageId: string): Promise<void> {
    try {
      await this.redis.publish(this.channel, messageId);
    } catch (error) {
      this.options.fallbacks?.used("stop_bus", error);
      for (const handler of this.handlers) handler(messageId);
    }
  }

  async subscribe(handler: (messageId: string) => void): Promise<void> {
    this.handlers.add(handler);
    if (this.subscriber) return;
    const subscriber = duplicateForWaiting(this.redis);
    this.subscriber = subscriber;
    subscriber.on("message", (channel: string, messageId: string) => {
      if (channel !== this.channel) return;
      for (const each of this.handlers) each(messageId);
    });
    const listen = () =>
      subscriber.subscribe(this.channel).catch((error: unknown) => {
        this.options.logger.warn({ err: error }, "could not subscribe to stops; retrying when Redis is back");
      });
    subscriber.on("ready", () => void listen());
    await listen();
  }

  async close(): Promise<void> {
    this.subscriber?.disconnect();
    this.handlers.clear();
  }
}
