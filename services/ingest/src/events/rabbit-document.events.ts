import { EventEmitter } from "node:events";
import type { Channel, ChannelModel } from "amqplib";
import type { Logger } from "@chatbot/core";
import type { DocumentEvents } from "../domain/document.events";
import type { DocumentEvent } from "../domain/document.types";
import { closeWithin } from "../queue/bounded-close";
import type { RabbitConnection } from "../queue/rabbit-connection";
import { decodeEvent, encodeEvent } from "./document-event.codec";

/**
 * Document events on the topic exchange `ingest.events`, routed by event type
 * (`document.ready`, …). Each replica listens through its own exclusive, auto-deleted
 * queue bound to `document.#`, so a WatchDocument stream on any replica sees what a
 * worker on any other replica did. Events are transient: a watcher also re-reads the registry.
 */
export class RabbitDocumentEvents implements DocumentEvents {
  private channel: Channel | undefined;
  private readonly emitter = new EventEmitter();

  constructor(
    private readonly connection: RabbitConnection,
    private readonly exchange: string,
    private readonly logger: Logger,
  ) {
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    await this.connection.addSetup((connection) => this.setUp(connection));
  }

  async publish(event: DocumentEvent): Promise<void> {
    const channel = this.channel;
    if (!channel) throw new Error("not connected to RabbitMQ");
    channel.publish(this.exchange, event.type, encodeEvent(event), { contentType: "application/json" });
  }

  subscribe(listener: (event: DocumentEvent) => void): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
    const channel = this.channel;
    this.channel = undefined;
    await closeWithin(channel);
  }

  private async setUp(connection: ChannelModel): Promise<void> {
    const channel = await connection.createChannel();
    channel.on("error", (error: Error) => this.logger.warn({ err: error }, "RabbitMQ events channel error"));
    channel.on("close", () => {
      if (this.channel === channel) this.channel = undefined;
    });
    await channel.assertExchange(this.exchange, "topic", { durable: true });
    const { queue } = await channel.assertQueue("", { exclusive: true, autoDelete: true, durable: false });
    await channel.bindQueue(queue, this.exchange, "document.#");
    await channel.consume(
      queue,
      (message) => {
        const event = message ? decodeEvent(message.content) : undefined;
        if (event) this.emitter.emit("event", event);
      },
      { noAck: true },
    );
    this.channel = channel;
  }
}
