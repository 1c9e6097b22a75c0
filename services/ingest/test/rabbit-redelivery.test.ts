import { waitFor } from "@chatbot/testkit";
import type { JobDelivery } from "../src/domain/job.queue";
import { encodeJob } from "../src/queue/job-message";
import { dropSocket, openRabbitHarness } from "./support/rabbit";

/**
 * A poison job: every worker that takes it stalls until the broker drops its connection
 * (missed heartbeats), so no delivery ever finishes or fails. The broker redelivers it;
 * each such redelivery counts as an attempt, so the job reaches the dead-letter queue
 * after the maximum instead of coming back forever.
 */
describe("RabbitMQ job queue: deliveries that never finish", () => {
  it("dead-letters a job whose every delivery loses its worker's connection, after the maximum attempts", async () => {
    const harness = await openRabbitHarness({ maxAttempts: 2, retryDelayMs: 50, prefetch: 1 });
    const handled: number[] = [];
    const exhausted: JobDelivery[] = [];
    try {
      await harness.queue.consume({
        async handle(delivery) {
          handled.push(delivery.attempt);
          // The stalled worker's connection is dropped by the broker, with the job in hand.
          dropSocket(harness.connection);
          await new Promise((resolve) => delivery.signal.addEventListener("abort", resolve, { once: true }));
          throw delivery.signal.reason;
        },
        async exhausted(delivery) {
          exhausted.push(delivery);
        },
      });
      // From another connection: the worker's own drops before a publisher confirm could come back.
      await harness.publishRaw(encodeJob({ document_id: "독이-든-작업", tenant_id: "테넌트" }));
      // Without counting redeliveries this never comes: the job goes round and round.
      const dead = await waitFor(async () => (await harness.deadLetters())[0], { what: "the poison job in the dead-letter queue", timeoutMs: 20_000 });
      expect(dead).toMatchObject({ reason: "exhausted", body: expect.stringContaining("독이-든-작업") });
      expect(exhausted.map((delivery) => delivery.attempt)).toEqual([2]);
      expect(handled).toEqual([1, 2]);
    } finally {
      await harness.close();
    }
  });

  it("does not count a job handed back by a worker that stops", async () => {
    const harness = await openRabbitHarness({ maxAttempts: 1, retryDelayMs: 60_000, prefetch: 1 });
    const handled: number[] = [];
    try {
      const taken = { count: 0 };
      await harness.queue.consume({
        async handle(delivery) {
          taken.count += 1;
          await new Promise((resolve) => delivery.signal.addEventListener("abort", resolve, { once: true }));
          throw delivery.signal.reason;
        },
        async exhausted() {},
      });
      await harness.queue.publish({ document_id: "돌려줄-작업", tenant_id: "테넌트" });
      await waitFor(() => taken.count === 1, { what: "the job in hand" });
      await harness.queue.stopConsuming();
      await harness.queue.consume({
        async handle(delivery) {
          handled.push(delivery.attempt);
        },
        async exhausted() {},
      });
      await waitFor(() => handled.length === 1, { what: "the handed-back job delivered again" });
      expect(handled).toEqual([1]);
      expect(await harness.deadLetters()).toEqual([]);
    } finally {
      await harness.close();
    }
  });
});
