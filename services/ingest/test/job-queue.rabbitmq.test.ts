import { describeJobQueueContract } from "./support/job-queue.contract";
import { openRabbitHarness } from "./support/rabbit";

describeJobQueueContract("RabbitMQ", (options) => openRabbitHarness(options));
