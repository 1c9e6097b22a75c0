import { SpanKind, extractTraceContext, injectTraceContext, withSpan } from "@chatbot/observability";
import type { IngestJob, JobConsumer, JobHeaders, JobQueue } from "../domain/job.queue";

/**
 * Carries trace context across the queue: publishing opens a producer span and writes
 * `traceparent` into the message headers; each delivery continues that trace in a
 * consumer span, so one upload is one trace from the gateway to the worker's retrieval calls.
 */
export function tracedJobQueue(queue: JobQueue, queueName: string): JobQueue {
  const attributes = (job: IngestJob) => ({
    "messaging.system": queue.kind === "rabbitmq" ? "rabbitmq" : "in-process",
    "messaging.destination.name": queueName,
    "chatbot.document_id": job.document_id,
  });
  return {
    kind: queue.kind,
    publish(job: IngestJob, headers: JobHeaders = {}) {
      return withSpan(`${queueName} publish`, { kind: SpanKind.PRODUCER, attributes: attributes(job) }, async () => {
        const traced = { ...headers };
        injectTraceContext((key, value) => {
          traced[key] = value;
        });
        await queue.publish(job, traced);
      });
    },
    consume(consumer: JobConsumer) {
      return queue.consume({
        handle: (delivery) =>
          withSpan(
            `${queueName} process`,
            {
              kind: SpanKind.CONSUMER,
              parent: extractTraceContext((key) => delivery.headers[key]),
              attributes: { ...attributes(delivery.job), "messaging.message.delivery_attempt": delivery.attempt },
            },
            () => consumer.handle(delivery),
          ),
        exhausted: (delivery, error) => consumer.exhausted(delivery, error),
      });
    },
    depth: () => queue.depth(),
    waitingJobs: () => queue.waitingJobs(),
    stopConsuming: () => queue.stopConsuming(),
    close: () => queue.close(),
  };
}
