import type { Socket } from "node:net";
import amqp from "amqplib";
import { testStores, testLogger, uniqueName } from "@chatbot/testkit";
import type { JobQueueOptions } from "../../src/domain/job.queue";
import { RabbitConnection } from "../../src/queue/rabbit-connection";
import { RabbitJobQueue } from "../../src/queue/rabbit-job.queue";
import { rabbitNames } from "../../src/queue/rabbit-names";
import type { QueueHarness } from "./job-queue.contract";

/** A queue prefix no other run uses, ending with "." so names read `<prefix>.ingest.jobs`. */
export const uniquePrefix = () => `${uniqueName("ingest_test")}.`;

/** Resets the TCP connection under a RabbitConnection, as a broker restart or a network cut does. */
export function dropSocket(connection: RabbitConnection): void {
  const model = connection.current;
  if (!model) throw new Error("not connected");
  const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
  (model.connection as unknown as { stream: Socket }).stream.destroy(reset);
}

/** Deletes every queue and the exchange a prefix made. */
export async function deleteTopology(prefix: string): Promise<void> {
  const names = rabbitNames(prefix);
  const connection = await amqp.connect(testStores.rabbitmqUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of [names.jobs, names.retry, names.dead]) await channel.deleteQueue(queue);
    await channel.deleteExchange(names.events);
  } finally {
    await connection.close();
  }
}

/** A RabbitMQ job queue on its own prefix, with the dead-letter queue read as it fills. */
export async function openRabbitHarness(options: JobQueueOptions, prefix = uniquePrefix()): Promise<QueueHarness & { connection: RabbitConnection; prefix: string }> {
  const logger = testLogger("ingest-rabbit");
  const connection = new RabbitConnection({ url: testStores.rabbitmqUrl, logger, maxBackoffMs: 200 });
  await connection.start();
  const queue = new RabbitJobQueue(connection, { ...options, prefix }, logger);
  await queue.start();
  const names = rabbitNames(prefix);

  const observer = await amqp.connect(testStores.rabbitmqUrl);
  const channel = await observer.createChannel();
  const dead: Array<{ body: string; reason: string }> = [];
  await channel.assertQueue(names.dead, { durable: true });
  await channel.consume(
    names.dead,
    (message) => {
      if (message) dead.push({ body: message.content.toString("utf8"), reason: String(message.properties.headers?.["x-dead-reason"]) });
    },
    { noAck: true },
  );
  return {
    queue,
    connection,
    prefix,
    publishRaw: async (body) => {
      channel.sendToQueue(names.jobs, body, { persistent: true });
    },
    deadLetters: async () => [...dead],
    async close() {
      await queue.close();
      await connection.close();
      await observer.close();
      await deleteTopology(prefix);
    },
  };
}
