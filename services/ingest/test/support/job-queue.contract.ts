import { waitFor } from "@chatbot/testkit";
import type { JobConsumer, JobDelivery, JobQueue, JobQueueOptions } from "../../src/domain/job.queue";

export interface QueueHarness {
  queue: JobQueue;
  /** Puts raw bytes on the job queue, as any publisher could. */
  publishRaw(body: Buffer): Promise<void>;
  /** Messages in the dead-letter queue so far. */
  deadLetters(): Promise<Array<{ body: string; reason: string }>>;
  close(): Promise<void>;
}

export type OpenQueue = (options: JobQueueOptions) => Promise<QueueHarness>;

const TENANT = "테넌트-큐";

/** A consumer that records what it is given and fails as told. */
function recordingConsumer(fail: (delivery: JobDelivery) => boolean) {
  const handled: Array<{ documentId: string; attempt: number; at: number; headers: Record<string, string> }> = [];
  const exhausted: Array<{ documentId: string; attempt: number; error: string }> = [];
  const consumer: JobConsumer = {
    async handle(delivery) {
      handled.push({ documentId: delivery.job.document_id, attempt: delivery.attempt, at: Date.now(), headers: delivery.headers });
      if (fail(delivery)) throw new Error(`일시적 오류 (시도 ${delivery.attempt})`);
    },
    async exhausted(delivery, error) {
      exhausted.push({ documentId: delivery.job.document_id, attempt: delivery.attempt, error: (error as Error).message });
    },
  };
  return { consumer, handled, exhausted };
}

/** One suite, run against every queue implementation. */
export function describeJobQueueContract(name: string, open: OpenQueue): void {
  describe(`job queue contract: ${name}`, () => {
    const opened: QueueHarness[] = [];
    const openQueue = async (options: Partial<JobQueueOptions> = {}) => {
      const harness = await open({ maxAttempts: 3, retryDelayMs: 150, prefetch: 2, ...options });
      opened.push(harness);
      return harness;
    };
    afterEach(async () => {
      for (const harness of opened.splice(0)) await harness.close();
    });

    it("delivers each published job once and acknowledges it, passing headers through", async () => {
      const { queue } = await openQueue();
      const { consumer, handled } = recordingConsumer(() => false);
      await queue.consume(consumer);
      await queue.publish({ document_id: "문서-1", tenant_id: TENANT }, { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" });
      await queue.publish({ document_id: "문서-2", tenant_id: TENANT });
      await waitFor(() => handled.length === 2, { what: "two deliveries" });
      expect(handled.map((entry) => entry.documentId).sort()).toEqual(["문서-1", "문서-2"]);
      expect(handled.find((entry) => entry.documentId === "문서-1")!.headers).toEqual({
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      });
      expect(handled.every((entry) => entry.attempt === 1)).toBe(true);
      await waitFor(async () => (await queue.depth()) === 0, { what: "an empty queue" });
      // Nothing comes back: both were acknowledged.
      await queue.publish({ document_id: "문서-3", tenant_id: TENANT });
      await waitFor(() => handled.length === 3, { what: "the third delivery" });
      expect(
        handled
          .map((entry) => entry.documentId)
          .filter((id) => id !== "문서-3")
          .sort(),
      ).toEqual(["문서-1", "문서-2"]);
    });

    it("retries a failed job after the delay, counting attempts", async () => {
      const { queue } = await openQueue({ retryDelayMs: 300 });
      const { consumer, handled, exhausted } = recordingConsumer((delivery) => delivery.attempt === 1);
      await queue.consume(consumer);
      await queue.publish({ document_id: "재시도-문서", tenant_id: TENANT });
      await waitFor(() => handled.length === 2, { what: "a retry" });
      expect(handled.map((entry) => entry.attempt)).toEqual([1, 2]);
      expect(handled[1]!.at - handled[0]!.at).toBeGreaterThanOrEqual(250);
      expect(exhausted).toEqual([]);
    });

    it("dead-letters a job that fails on every attempt and reports it once", async () => {
      const harness = await openQueue({ maxAttempts: 3, retryDelayMs: 50 });
      const { consumer, handled, exhausted } = recordingConsumer(() => true);
      await harness.queue.consume(consumer);
      await harness.queue.publish({ document_id: "실패-문서", tenant_id: TENANT });
      await waitFor(async () => (await harness.deadLetters()).length === 1, { what: "a dead letter" });
      expect(handled.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
      expect(exhausted).toEqual([{ documentId: "실패-문서", attempt: 3, error: "일시적 오류 (시도 3)" }]);
      const [dead] = await harness.deadLetters();
      expect(JSON.parse(dead!.body)).toEqual({ document_id: "실패-문서", tenant_id: TENANT });
      expect(dead!.reason).toBe("exhausted");
    });

    it("dead-letters malformed messages without calling the consumer, and goes on with the next job", async () => {
      const harness = await openQueue();
      const { consumer, handled } = recordingConsumer(() => false);
      await harness.queue.consume(consumer);
      await harness.publishRaw(Buffer.from("문서가 아닌 메시지 {"));
      await harness.publishRaw(Buffer.from(JSON.stringify({ document_id: 42, 테넌트: "없음" })));
      await harness.queue.publish({ document_id: "정상-문서", tenant_id: TENANT });
      await waitFor(() => handled.length === 1, { what: "the good job" });
      await waitFor(async () => (await harness.deadLetters()).length === 2, { what: "two dead letters" });
      expect(handled[0]!.documentId).toBe("정상-문서");
      const dead = await harness.deadLetters();
      expect(dead.map((letter) => letter.reason)).toEqual(["malformed", "malformed"]);
      expect(dead.map((letter) => letter.body)).toContain("문서가 아닌 메시지 {");
    });

    it("holds at most `prefetch` jobs at once", async () => {
      const { queue } = await openQueue({ prefetch: 2 });
      let inHand = 0;
      let most = 0;
      let finished = 0;
      const release: Array<() => void> = [];
      await queue.consume({
        async handle() {
          inHand += 1;
          most = Math.max(most, inHand);
          await new Promise<void>((resolve) => release.push(resolve));
          inHand -= 1;
          finished += 1;
        },
        async exhausted() {},
      });
      for (let index = 0; index < 5; index += 1) await queue.publish({ document_id: `동시-${index}`, tenant_id: TENANT });
      while (finished < 5) {
        await waitFor(() => release.length > 0, { what: "a job in hand" });
        expect(inHand).toBeLessThanOrEqual(2);
        release.shift()!();
        await waitFor(() => inHand < 2 || release.length > 0, { what: "progress" });
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(most).toBe(2);
    });

    it("counts the jobs waiting for a worker or for a retry, not those in hand", async () => {
      const { queue } = await openQueue({ prefetch: 1, retryDelayMs: 1500 });
      let release = () => undefined as void;
      const handled: Array<{ documentId: string; attempt: number }> = [];
      await queue.consume({
        async handle(delivery) {
          handled.push({ documentId: delivery.job.document_id, attempt: delivery.attempt });
          if (delivery.job.document_id === "붙잡힌-문서") await new Promise<void>((resolve) => (release = resolve));
          if (delivery.job.document_id === "재시도-대기-문서" && delivery.attempt === 1) throw new Error("일시적 오류");
        },
        async exhausted() {},
      });
      expect(await queue.waitingJobs()).toBe(0);
      await queue.publish({ document_id: "붙잡힌-문서", tenant_id: TENANT });
      await waitFor(() => handled.length === 1, { what: "the first job in hand" });
      expect(await queue.waitingJobs()).toBe(0);

      await queue.publish({ document_id: "재시도-대기-문서", tenant_id: TENANT });
      await waitFor(async () => (await queue.waitingJobs()) === 1, { what: "the second job waiting for a worker" });
      release();
      await waitFor(() => handled.length === 2, { what: "the second job's first attempt" });
      // Failed once: it now waits out the retry delay, and still counts.
      await waitFor(async () => (await queue.waitingJobs()) === 1 && (await queue.depth()) === 0, { what: "the job waiting for its retry" });
      await waitFor(() => handled.length === 3, { what: "the retry" });
      await waitFor(async () => (await queue.waitingJobs()) === 0, { what: "nothing waiting" });
      expect(handled.map((entry) => [entry.documentId, entry.attempt])).toEqual([
        ["붙잡힌-문서", 1],
        ["재시도-대기-문서", 1],
        ["재시도-대기-문서", 2],
      ]);
    });
  });
}
