import type { Logger } from "@chatbot/core";
import type { JobConsumer, JobDelivery, JobHeaders, JobQueue, JobQueueOptions, IngestJob } from "../domain/job.queue";
import { decodeJob, encodeJob } from "./job-message";

interface QueuedMessage {
  body: Buffer;
  headers: JobHeaders;
  attempt: number;
}

export interface DeadLetter {
  body: Buffer;
  headers: JobHeaders;
  reason: "malformed" | "exhausted";
}

/** Dead letters kept for inspection; older ones are dropped (the registry records the failure). */
const DEAD_LETTERS_KEPT = 1000;

/**
 * The embedded-mode queue, with the broker's semantics in memory: messages are bytes
 * validated on delivery, acknowledged when the consumer resolves, retried after a delay,
 * dead-lettered when malformed or out of attempts. Nothing survives the process: after a
 * restart the service re-enqueues the documents the registry still has queued or processing.
 */
export class InProcessJobQueue implements JobQueue {
  readonly kind = "in-process" as const;
  readonly deadLetters: DeadLetter[] = [];
  private readonly ready: QueuedMessage[] = [];
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly inHand = new Set<AbortController>();
  private consumer: JobConsumer | undefined;
  private closed = false;

  constructor(
    private readonly options: JobQueueOptions,
    private readonly logger: Logger,
  ) {}

  async publish(job: IngestJob, headers: JobHeaders = {}): Promise<void> {
    this.publishMessage(encodeJob(job), headers);
  }

  /** A message as raw bytes, the way any publisher could put it on a broker queue. */
  publishMessage(body: Buffer, headers: JobHeaders = {}): void {
    if (this.closed) throw new Error("queue is closed");
    this.ready.push({ body, headers: { ...headers }, attempt: 1 });
    this.pump();
  }

  async consume(consumer: JobConsumer): Promise<void> {
    this.consumer = consumer;
    this.pump();
  }

  async depth(): Promise<number> {
    return this.ready.length;
  }

  async waitingJobs(): Promise<number> {
    return this.ready.length + this.retryTimers.size;
  }

  async stopConsuming(): Promise<void> {
    this.consumer = undefined;
    for (const controller of this.inHand) controller.abort(new Error("queue stopped consuming"));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await this.stopConsuming();
  }

  private pump(): void {
    while (this.consumer && !this.closed && this.inHand.size < this.options.prefetch && this.ready.length > 0) {
      const message = this.ready.shift()!;
      const controller = new AbortController();
      this.inHand.add(controller);
      void this.deliver(this.consumer, message, controller).finally(() => {
        this.inHand.delete(controller);
        this.pump();
      });
    }
  }

  private async deliver(consumer: JobConsumer, message: QueuedMessage, controller: AbortController): Promise<void> {
    const job = decodeJob(message.body);
    if (!job) {
      this.logger.warn({ bytes: message.body.length }, "malformed ingest job dead-lettered");
      this.deadLetter(message, "malformed");
      return;
    }
    const delivery: JobDelivery = { job, headers: message.headers, attempt: message.attempt, signal: controller.signal };
    try {
      await consumer.handle(delivery);
    } catch (error) {
      if (this.closed) return;
      if (controller.signal.aborted) {
        // Handed back: first in line again, with the same attempt.
        this.ready.unshift(message);
        return;
      }
      if (message.attempt >= this.options.maxAttempts) {
        await consumer.exhausted(delivery, error).catch((failure: unknown) => {
          this.logger.error({ err: failure, documentId: job.document_id }, "could not record an exhausted ingest job");
        });
        this.deadLetter(message, "exhausted");
        return;
      }
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        if (this.closed) return;
        this.ready.push({ ...message, attempt: message.attempt + 1 });
        this.pump();
      }, this.options.retryDelayMs);
      this.retryTimers.add(timer);
    }
  }

  private deadLetter(message: QueuedMessage, reason: DeadLetter["reason"]): void {
    this.deadLetters.push({ body: message.body, headers: message.headers, reason });
    if (this.deadLetters.length > DEAD_LETTERS_KEPT) this.deadLetters.shift();
    this.options.onDeadLetter?.(reason);
  }
}
