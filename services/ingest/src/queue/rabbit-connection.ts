import amqp, { type Channel, type ChannelModel } from "amqplib";
import type { Logger } from "@chatbot/core";
import { AppError } from "@chatbot/core";
import { closeWithin } from "./bounded-close";

/** A broker that is back is found within about this long. */
const DEFAULT_MAX_BACKOFF_MS = 2000;

export interface RabbitConnectionOptions {
  url: string;
  logger: Logger;
  maxBackoffMs?: number;
}

/** Declares topology, channels and consumers on a fresh connection. */
export type RabbitSetup = (connection: ChannelModel) => Promise<void>;

/**
 * One AMQP connection that comes back by itself: a broker restart or a dropped socket
 * schedules a reconnect with capped exponential backoff instead of killing the service.
 */
export class RabbitConnection {
  private connection: ChannelModel | undefined;
  private probeChannel: Channel | undefined;
  private closing = false;
  private attempt = 0;
  /** At most one reconnect is scheduled or running at a time, so no connection is left orphaned. */
  private retryTimer: NodeJS.Timeout | undefined;
  private connecting = false;
  private readonly setups: RabbitSetup[] = [];

  constructor(private readonly options: RabbitConnectionOptions) {}

  /** Resolves once connected; keeps retrying in the background if the first attempt fails. */
  async start(): Promise<void> {
    await this.connect();
  }

  get isConnected(): boolean {
    return this.connection !== undefined;
  }

  /** The live connection, if any. */
  get current(): ChannelModel | undefined {
    return this.connection;
  }

  /**
   * Runs `setup` on the current connection (if any) and again after every reconnect, so
   * that queues, exchanges and consumers come back with the connection.
   */
  async addSetup(setup: RabbitSetup): Promise<void> {
    this.setups.push(setup);
    if (this.connection) await setup(this.connection);
  }

  /** A round trip to the broker, for health checks. */
  async ping(): Promise<void> {
    const connection = this.connection;
    if (!connection) throw new AppError("unavailable", "queue_unavailable", "Not connected to RabbitMQ");
    if (!this.probeChannel) {
      const channel = await connection.createChannel();
      channel.on("error", () => undefined);
      channel.on("close", () => {
        if (this.probeChannel === channel) this.probeChannel = undefined;
      });
      this.probeChannel = channel;
    }
    await this.probeChannel.checkExchange("amq.topic");
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const connection = this.connection;
    this.connection = undefined;
    await closeWithin(connection);
  }

  private async connect(): Promise<void> {
    if (this.closing || this.connecting) return;
    this.connecting = true;
    try {
      const connection = await amqp.connect(this.options.url, { timeout: 2000 });
      if (this.closing) {
        await closeWithin(connection);
        return;
      }
      connection.on("error", (error: Error) => this.options.logger.warn({ err: error }, "RabbitMQ connection error"));
      connection.on("close", () => {
        if (this.connection !== connection) return;
        this.connection = undefined;
        this.probeChannel = undefined;
        if (!this.closing) {
          this.options.logger.warn("RabbitMQ connection closed; reconnecting");
          this.scheduleReconnect();
        }
      });
      this.connection = connection;
      try {
        for (const setup of this.setups) await setup(connection);
      } catch (error) {
        // A half-declared connection is worse than none: drop it and start over.
        this.connection = undefined;
        await closeWithin(connection);
        throw error;
      }
      this.attempt = 0;
      this.options.logger.info("connected to RabbitMQ");
    } catch (error) {
      this.options.logger.warn({ err: error, attempt: this.attempt }, "RabbitMQ connect failed; retrying");
    } finally {
      this.connecting = false;
      // Failed, or lost again while its setups ran (its close event could not schedule then).
      if (!this.connection) this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.closing || this.connecting || this.retryTimer) return;
    const delay = Math.min(this.options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS, 100 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}
