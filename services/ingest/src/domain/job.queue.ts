/** The work item: which document to process. The bytes stay in the registry. */
export interface IngestJob {
  document_id: string;
  tenant_id: string;
}

/** Message headers; `traceparent` carries trace context when a publisher sets it. */
export type JobHeaders = Record<string, string>;

export interface JobDelivery {
  job: IngestJob;
  headers: JobHeaders;
  /**
   * 1 on the first delivery, counting delayed retries and deliveries that never finished
   * (the worker died or lost the broker); not jobs handed back by a worker that stops.
   */
  attempt: number;
  /** Aborted when the queue closes while the job is in hand; the job is then delivered again. */
  signal: AbortSignal;
}

export interface JobConsumer {
  /**
   * Processes one job. Resolving acknowledges it; throwing schedules a delayed retry, or
   * after the last attempt dead-letters it and calls `exhausted`.
   */
  handle(delivery: JobDelivery): Promise<void>;
  /** The job failed on its last attempt and went to the dead-letter queue. */
  exhausted(delivery: JobDelivery, error: unknown): Promise<void>;
}

/**
 * The ingestion queue. RabbitMQ in distributed mode, an in-process queue in embedded mode;
 * both give at-least-once delivery, so consumers must be idempotent:
 * - `publish` resolves only once the job is safely stored (a publisher confirm);
 * - a job is acknowledged only after `handle` resolves; one in hand when the consumer dies
 *   is delivered again;
 * - failures are retried after a delay up to `maxAttempts` deliveries, then dead-lettered;
 * - a malformed message is dead-lettered at once and never reaches `handle`.
 */
export interface JobQueue {
  readonly kind: "rabbitmq" | "in-process";
  publish(job: IngestJob, headers?: JobHeaders): Promise<void>;
  /** Starts delivering jobs to `consumer`, at most `prefetch` at a time. */
  consume(consumer: JobConsumer): Promise<void>;
  /** Jobs waiting for a worker (not counting those in hand or waiting for a retry). */
  depth(): Promise<number>;
  /**
   * Jobs waiting anywhere in the queue: for a worker, or for their retry delay to pass
   * (not those in hand). 0 means no job is on its way to a worker; the lost-job sweeper
   * acts only then.
   */
  waitingJobs(): Promise<number>;
  /**
   * Takes no more jobs and hands the ones in hand back at once (their signals abort), for
   * another worker to take without waiting for a retry delay or counting an attempt.
   * Publishing still works, so requests in flight during shutdown can finish.
   */
  stopConsuming(): Promise<void>;
  /** Stops consuming as above, then stops publishing. */
  close(): Promise<void>;
}

export interface JobQueueOptions {
  maxAttempts: number;
  retryDelayMs: number;
  prefetch: number;
  /** A job was dead-lettered (malformed or out of attempts). */
  onDeadLetter?: (reason: "malformed" | "exhausted") => void;
}
