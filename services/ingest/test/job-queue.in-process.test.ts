import { testLogger } from "@chatbot/testkit";
import { InProcessJobQueue } from "../src/queue/in-process-job.queue";
import { describeJobQueueContract } from "./support/job-queue.contract";

describeJobQueueContract("in-process", async (options) => {
  const queue = new InProcessJobQueue(options, testLogger("ingest-queue"));
  return {
    queue,
    publishRaw: async (body) => queue.publishMessage(body),
    deadLetters: async () => queue.deadLetters.map((letter) => ({ body: letter.body.toString("utf8"), reason: letter.reason })),
    close: () => queue.close(),
  };
});
