import { Redis } from "ioredis";
import { testLogger, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import type { StopBusStore } from "../src/domain/chat/stop-bus.store";
import { MemoryStopBusStore } from "../src/storage/memory-stop-bus.store";
import { RedisStopBusStore } from "../src/storage/redis-stop-bus.store";

/** Two instances of the gateway, each with its own bus on the same medium (one process's memory, or one Redis channel). */
interface Buses {
  here: StopBusStore;
  /** Another instance's bus: the same one in memory, where there is no other instance to reach. */
  there: StopBusStore;
  close(): Promise<void>;
}

function describeStopBusContract(adapter: string, shared: boolean, open: () => Buses) {
  describe(`stop bus in ${adapter}`, () => {
    let buses: Buses;
    beforeAll(() => {
      buses = open();
    });
    afterAll(() => buses.close());

    it("hands a published stop to every subscriber, with the message id as published", async () => {
      const heard: string[] = [];
      const heardToo: string[] = [];
      await buses.here.subscribe((messageId) => heard.push(messageId));
      await buses.here.subscribe((messageId) => heardToo.push(messageId));
      await buses.here.publish("메시지-1");
      await waitFor(() => heard.includes("메시지-1") && heardToo.includes("메시지-1"), { timeoutMs: 5000, what: "the stop to arrive" });
      expect(heard.filter((id) => id === "메시지-1")).toHaveLength(1);
    });

    it(shared ? "carries a stop to the other instance" : "carries a stop to the instance that published it", async () => {
      const heard: string[] = [];
      await buses.there.subscribe((messageId) => heard.push(messageId));
      const id = uniqueName("stop");
      await buses.here.publish(id);
      await waitFor(() => heard.includes(id), { timeoutMs: 5000, what: "the stop to reach the subscriber" });
    });

    it("publishes without subscribers and hears nothing after closing", async () => {
      const lonely = open();
      await lonely.here.publish("nobody-listens");
      const heard: string[] = [];
      await lonely.here.subscribe((messageId) => heard.push(messageId));
      await lonely.close();
      await lonely.here.publish("after-close").catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).not.toContain("after-close");
    });
  });
}

describeStopBusContract("memory", false, () => {
  const bus = new MemoryStopBusStore();
  return { here: bus, there: bus, close: () => bus.close() };
});

describeStopBusContract("Redis", true, () => {
  const channel = `${uniqueName("stops")}:stop`;
  const logger = testLogger("stop-bus");
  const redisHere = new Redis(testStores.redisUrl);
  const redisThere = new Redis(testStores.redisUrl);
  const here = new RedisStopBusStore(redisHere, channel, { logger });
  const there = new RedisStopBusStore(redisThere, channel, { logger });
  return {
    here,
    there,
    async close() {
      await here.close();
      await there.close();
      redisHere.disconnect();
      redisThere.disconnect();
    },
  };
});
