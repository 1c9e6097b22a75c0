import type { ChannelModel, ConfirmChannel, ConsumeMessage, Options } from "amqplib";
import { errors, type Logger } from "@chatbot/core";
import type { IngestJob, JobConsumer, JobDelivery, JobHeaders, JobQueue, JobQueueOptions } from "../domain/job.queue";
import { closeWithin, settleWithin } from "./bounded-close";
import { decodeJob, encodeJob } from "./job-message";
import type { RabbitConnection } from "./rabbit-connection";
import { rabbitNames, type RabbitNames } from "./rabbit-names";

const ATTEMPT_HEADER = "x-attempt";
const CONFIRM_TIMEOUT_MS = 10_000;
/**
 * How long stopping lets aborted jobs unwind and hand themselves back before closing their
 * channels anyway (which hands back whatever is left). Work that cannot be aborted, such
 * as parsing a large PDF, is not waited for.
 */
const HAND_BACK_MS = 1000;
/** A broker that does not answer a consumer cancel within this long gets its channel closed instead. */
const CANCEL_MS = 1000;

export interface RabbitJobQueueOptions extends JobQueueOptions {
  prefix: string;
}

/**
 * The ingestion queue on RabbitMQ.
 *
 * Topology: durable `ingest.jobs`; `ingest.jobs.retry`, whose messages expire after the
 * retry delay and dead-letter back to `ingest.jobs`; `ingest.jobs.dead` for jobs that
 * are malformed or out of attempts. Messages are persistent and every publish waits for
 * the broker's confirm. A failed job is copied to the retry (or dead) queue with a
 * confirm and only then acknowledged, so a crash in between duplicates a job rather than
 * losing it. The delay is a per-message expiration rather than the queue's x-message-ttl
 * so that changing INGEST_RETRY_DELAY_MS never conflicts with an existing queue's arguments.
 */
export class RabbitJobQueue implements JobQueue {
  readonly kind = "rabbitmq" as const;
  readonly names: RabbitNames;
  private publishChannel: ConfirmChannel | undefined;
  private consumer: JobConsumer | undefined;
  /** The connection the consumer runs on, so a reconnect and `consume` never start two. */
  private consumingOn: ChannelModel | undefined;
  private readonly inHand = new Set<AbortController>();
  private readonly deliveries = new Set<Promise<void>>();
  private readonly consumeChannels = new Map<ConfirmChannel, string>();
  private closing = false;

  constructor(
    private readonly connection: RabbitConnection,
    private readonly options: RabbitJobQueueOptions,
    private readonly logger: Logger,
  ) {
    this.names = rabbitNames(options.prefix);
  }

  /** Declares the topology now (when connected) and after every reconnect. */
  async start(): Promise<void> {
    await this.connection.addSetup((connection) => this.setUp(connection));
  }

  async publish(job: IngestJob, headers: JobHeaders = {}): Promise<void> {
    const channel = this.publishChannel;
    if (!channel) throw errors.unavailable("queue_unavailable", "Not connected to RabbitMQ");
    await sendConfirmed(channel, this.names.jobs, encodeJob(job), {
      persistent: true,
      contentType: "application/json",
      headers: { ...headers, [ATTEMPT_HEADER]: 1 },
    });
  }

  async consume(consumer: JobConsumer): Promise<void> {
    this.consumer = consumer;
    const connection = this.connection.current;
    if (connection && this.publishChannel) await this.startConsumer(connection, consumer);
  }

  async depth(): Promise<number> {
    const channel = this.publishChannel;
    if (!channel) throw errors.unavailable("queue_unavailable", "Not connected to RabbitMQ");
    return (await channel.checkQueue(this.names.jobs)).messageCount;
  }

  async waitingJobs(): Promise<number> {
    const channel = this.publishChannel;
    if (!channel) throw errors.unavailable("queue_unavailable", "Not connected to RabbitMQ");
    // Retry queue first: a retry that expires between the two reads moves to the jobs
    // queue and is counted there, rather than missed in both.
    const retrying = (await channel.checkQueue(this.names.retry)).messageCount;
    const ready = (await channel.checkQueue(this.names.jobs)).messageCount;
    return retrying + ready;
  }

  async stopConsuming(): Promise<void> {
    this.consumer = undefined;
    this.consumingOn = undefined;
    const channels = [...this.consumeChannels];
    this.consumeChannels.clear();
    // Cancel first so that nothing new arrives while the jobs in hand go back.
    await settleWithin(
      channels.map(([channel, tag]) => channel.cancel(tag)),
      CANCEL_MS,
    );
    for (const controller of this.inHand) controller.abort(new Error("handed back: the worker is stopping"));
    await settleWithin(this.deliveries, HAND_BACK_MS);
    // Anything still unacknowledged goes back to the broker with its channel.
    for (const [channel] of channels) await closeWithin(channel);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.stopConsuming();
    const channel = this.publishChannel;
    this.publishChannel = undefined;
    await closeWithin(channel);
  }

  private async setUp(connection: ChannelModel): Promise<void> {
    if (this.closing) return;
    const channel = await connection.createConfirmChannel();
    channel.on("error", (error: Error) => this.logger.warn({ err: error }, "RabbitMQ publish channel error"));
    channel.on("close", () => {
      if (this.publishChannel === channel) this.publishChannel = undefined;
    });
    await channel.assertQueue(this.names.jobs, { durable: true });
    await channel.assertQueue(this.names.retry, {
      durable: true,
      arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": this.names.jobs },
    });
    await channel.assertQueue(this.names.dead, { durable: true });
    this.publishChannel = channel;
    if (this.consumer) await this.startConsumer(connection, this.consumer);
  }

  private async startConsumer(connection: ChannelModel, consumer: JobConsumer): Promise<void> {
    if (this.closing || this.consumingOn === connection) return;
    this.consumingOn = connection;
    const channel = await connection.createConfirmChannel();
    const controllers = new Set<AbortController>();
    channel.on("error", (error: Error) => this.logger.warn({ err: error }, "RabbitMQ consumer channel error"));
    channel.on("close", () => {
      this.consumeChannels.delete(channel);
      // The broker hands these jobs to another consumer now; stop working on them here.
      for (const controller of controllers) controller.abort(new Error("consumer channel closed"));
    });
    await channel.prefetch(this.options.prefetch);
    const { consumerTag } = await channel.consume(
      this.names.jobs,
      (message) => {
        if (!message) return;
        // Arrived while stopping: straight back.
        const delivery = this.consumer === consumer ? this.deliver(channel, consumer, message, controllers) : this.handBack(channel, message);
        this.deliveries.add(delivery);
        void delivery.finally(() => this.deliveries.delete(delivery));
      },
      { noAck: false },
    );
    this.consumeChannels.set(channel, consumerTag);
  }

  private async deliver(channel: ConfirmChannel, consumer: JobConsumer, message: ConsumeMessage, controllers: Set<AbortController>): Promise<void> {
    const controller = new AbortController();
    controllers.add(controller);
    this.inHand.add(controller);
    const rawHeaders = (message.properties.headers ?? {}) as Record<string, unknown>;
    const attempt = Math.max(1, Number(rawHeaders[ATTEMPT_HEADER]) || 1);
    try {
      const job = decodeJob(message.content);
      if (!job) {
        this.logger.warn({ bytes: message.content.length }, "malformed ingest job dead-lettered");
        await this.deadLetter(channel, message, "malformed");
        return;
      }
      const delivery: JobDelivery = { job, headers: passThrough(rawHeaders), attempt, signal: controller.signal };
      if (message.fields.redelivered) {
        // An earlier delivery of this very message was never settled: its worker died, lost
        // the broker, or stalled until the broker dropped it. That was an attempt. Counting
        // it (the broker keeps no count on a classic queue, so the header does) is what
        // takes a job that brings its worker down to the dead-letter queue instead of round
        // and round; a worker that stops gracefully hands its jobs back as new messages.
        await this.failedAttempt(channel, consumer, message, delivery, new Error("An earlier delivery of the job was not finished"));
        return;
      }
      try {
        await consumer.handle(delivery);
        channel.ack(message);
        return;
      } catch (error) {
        if (controller.signal.aborted) {
          // Not a failed attempt: the job goes back as it came, for this or another worker.
          await this.handBack(channel, message);
          return;
        }
        await this.failedAttempt(channel, consumer, message, delivery, error);
      }
    } catch (error) {
      // The channel went away before the ack: the broker delivers the job again.
      this.logger.warn({ err: error }, "ingest job left unacknowledged for redelivery");
    } finally {
      controllers.delete(controller);
      this.inHand.delete(controller);
    }
  }

  /** A retry with the attempt counted, or after the last attempt the dead-letter queue. */
  private async failedAttempt(channel: ConfirmChannel, consumer: JobConsumer, message: ConsumeMessage, delivery: JobDelivery, error: unknown): Promise<void> {
    if (delivery.attempt >= this.options.maxAttempts) {
      await consumer.exhausted(delivery, error).catch((failure: unknown) => {
        this.logger.error({ err: failure, documentId: delivery.job.document_id }, "could not record an exhausted ingest job");
      });
      await this.deadLetter(channel, message, "exhausted", error);
      return;
    }
    const rawHeaders = (message.properties.headers ?? {}) as Record<string, unknown>;
    await sendConfirmed(channel, this.names.retry, message.content, {
      persistent: true,
      contentType: "application/json",
      expiration: String(this.options.retryDelayMs),
      headers: { ...passThrough(rawHeaders), [ATTEMPT_HEADER]: delivery.attempt + 1 },
    });
    channel.ack(message);
  }

  /**
   * Puts an unfinished job back in the queue as a new message with its attempt unchanged.
   * A plain requeue would mark it redelivered, which counts as an attempt (see `deliver`).
   * On a channel that is gone the broker has requeued it already, marked: the job was
   * interrupted rather than handed back.
   */
  private async handBack(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const rawHeaders = (message.properties.headers ?? {}) as Record<string, unknown>;
    try {
      await sendConfirmed(channel, this.names.jobs, message.content, {
        persistent: true,
        contentType: "application/json",
        headers: { ...passThrough(rawHeaders), [ATTEMPT_HEADER]: rawHeaders[ATTEMPT_HEADER] ?? 1 },
      });
      channel.ack(message);
    } catch {
      try {
        channel.nack(message, false, true);
      } catch {
        // The channel closed: its unacknowledged messages are back in the queue already.
      }
    }
  }

  private async deadLetter(channel: ConfirmChannel, message: ConsumeMessage, reason: "malformed" | "exhausted", error?: unknown): Promise<void> {
    const rawHeaders = (message.properties.headers ?? {}) as Record<string, unknown>;
    const headers: Record<string, unknown> = { ...passThrough(rawHeaders), [ATTEMPT_HEADER]: rawHeaders[ATTEMPT_HEADER] ?? 1, "x-dead-reason": reason };
    if (error !== undefined) headers["x-last-error"] = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    await sendConfirmed(channel, this.names.dead, message.content, { persistent: true, headers });
    channel.ack(message);
    this.options.onDeadLetter?.(reason);
  }
}

/** Publishes to a queue and resolves on the broker's confirm; a nack, a closed channel or no answer rejects. */
function sendConfirmed(channel: ConfirmChannel, queue: string, body: Buffer, options: Options.Publish): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(errors.unavailable("queue_unavailable", "RabbitMQ did not confirm the message")), CONFIRM_TIMEOUT_MS);
    try {
      channel.sendToQueue(queue, body, options, (error) => {
        clearTimeout(timer);
        if (error) reject(errors.unavailable("queue_unavailable", "RabbitMQ refused the message", error));
        else resolve();
      });
    } catch (error) {
      clearTimeout(timer);
      reject(errors.unavailable("queue_unavailable", "RabbitMQ channel is closed", error));
    }
  });
}

/**
 * String headers the publisher set (trace context and the like), without the broker's
 * and our own bookkeeping (x-death, x-attempt), which are set again where needed.
 */
function passThrough(headers: Record<string, unknown>): JobHeaders {
  const result: JobHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith("x-")) continue;
    if (typeof value === "string") result[name] = value;
    else if (Buffer.isBuffer(value)) result[name] = value.toString("utf8");
  }
  return result;
}
