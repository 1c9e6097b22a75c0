import amqp, { type Channel, type ChannelModel } from "amqplib";
import type { Logger } from "@chatbot/core";
import { AppError } from "@chatbot/core";
import { closeWithin } from "./bounded-close";

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
  private retryTimer: NodeJS.Timeout | undefined;
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
    const connection = this.connection;
    this.connection = undefined;
    await closeWithin(connection);
  }

  private async connect(): Promise<void> {
    if (this.closing) return;
    try {
      const connection = await amqp.connect(this.options.url, { timeout: 2000 });
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
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.closing) return;
    const delay = Math.min(this.options.maxBackoffMs ?? 5000, 100 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }
}
