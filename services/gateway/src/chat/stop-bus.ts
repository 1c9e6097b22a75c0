import type { Redis } from "ioredis";

/** Carries "stop this generation" to whichever instance runs it. */
export interface StopBus {
  publish(messageId: string): Promise<void>;
  subscribe(handler: (messageId: string) => void): Promise<void>;
  close(): Promise<void>;
}

export class MemoryStopBus implements StopBus {
  private readonly handlers = new Set<(messageId: string) => void>();

  async publish(messageId: string): Promise<void> {
    for (const handler of this.handlers) handler(messageId);
  }

  async subscribe(handler: (messageId: string) => void): Promise<void> {
    this.handlers.add(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}

/** Redis pub/sub; the subscriber needs a connection of its own. */
export class RedisStopBus implements StopBus {
  private subscriber: Redis | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
  ) {}

  async publish(messageId: string): Promise<void> {
    await this.redis.publish(this.channel, messageId);
  }

  async subscribe(handler: (messageId: string) => void): Promise<void> {
    this.subscriber ??= this.redis.duplicate();
    this.subscriber.on("message", (channel: string, messageId: string) => {
      if (channel === this.channel) handler(messageId);
    });
    await this.subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    this.subscriber?.disconnect();
  }
}
