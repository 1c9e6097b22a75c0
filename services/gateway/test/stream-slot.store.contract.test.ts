import { Redis } from "ioredis";
import { freePort, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import type { StreamSlotStore } from "../src/domain/access/stream-slot.store";
import { MemoryStreamSlotStore } from "../src/storage/memory-stream-slot.store";
import { RedisStreamSlotStore } from "../src/storage/redis-stream-slot.store";
import { clearRedisPrefix } from "./support/gateway-harness";

function describeStreamSlotsContract(adapter: string, make: (limit: number) => Promise<{ slots: StreamSlotStore; twin: StreamSlotStore; close(): Promise<void> }>) {
  describe(`stream slots in ${adapter}`, () => {
    let made: { slots: StreamSlotStore; twin: StreamSlotStore; close(): Promise<void> };
    beforeAll(async () => {
      made = await make(2);
    });
    afterAll(() => made?.close());

    it("gives out the cap per subject and takes each back once", async () => {
      const [subject, other] = [`key:${uniqueName("가")}`, `key:${uniqueName("나")}`];
      const first = (await made.slots.acquire(subject))!;
      const second = (await made.slots.acquire(subject))!;
      expect(first).toEqual(expect.any(Function));
      expect(second).toEqual(expect.any(Function));
      expect(await made.slots.acquire(subject)).toBeNull();
      expect(await made.slots.acquire(other)).not.toBeNull();
      first();
      first();
      await waitFor(
        async () => {
          const again = await made.slots.acquire(subject);
          return again !== null;
        },
        { what: "the released slot" },
      );
      expect(await made.slots.acquire(subject)).toBeNull();
      second();
    });

    it("hands out exactly the cap to concurrent requests", async () => {
      const subject = `key:${uniqueName("동시")}`;
      const granted = await Promise.all(Array.from({ length: 12 }, () => made.slots.acquire(subject)));
      expect(granted.filter(Boolean)).toHaveLength(2);
    });

    it(adapter === "Redis" ? "shares the cap between gateway instances" : "keeps each instance's count its own", async () => {
      const subject = `key:${uniqueName("공유")}`;
      expect(await made.slots.acquire(subject)).not.toBeNull();
      expect(await made.slots.acquire(subject)).not.toBeNull();
      const fromTwin = await made.twin.acquire(subject);
      if (adapter === "Redis") expect(fromTwin).toBeNull();
      else expect(fromTwin).not.toBeNull();
    });
  });
}

describeStreamSlotsContract("memory", async (limit) => {
  const slots = new MemoryStreamSlotStore(limit);
  const twin = new MemoryStreamSlotStore(limit);
  return { slots, twin, close: async () => undefined };
});

describeStreamSlotsContract("Redis", async (limit) => {
  const prefix = `${uniqueName("slots")}:`;
  const redis = new Redis(testStores.redisUrl);
  const slots = new RedisStreamSlotStore(redis, { limit, prefix });
  const twin = new RedisStreamSlotStore(redis, { limit, prefix });
  return {
    slots,
    twin,
    async close() {
      await slots.close();
      await twin.close();
      redis.disconnect();
      await clearRedisPrefix(prefix);
    },
  };
});

describe("stream slots in Redis, when a gateway is gone or Redis is", () => {
  it("gets back the slots of an instance that stopped without releasing them once their lease ends, and keeps renewed ones", async () => {
    const prefix = `${uniqueName("lease")}:`;
    const redis = new Redis(testStores.redisUrl);
    const gone = new RedisStreamSlotStore(redis, { limit: 1, prefix, leaseMs: 600 });
    const alive = new RedisStreamSlotStore(redis, { limit: 1, prefix, leaseMs: 600 });
    try {
      expect(await gone.acquire("key:사라진")).not.toBeNull();
      await gone.close(); // stops renewing, as a killed process would
      expect(await alive.acquire("key:사라진")).toBeNull();
      await waitFor(async () => (await alive.acquire("key:사라진")) !== null, { what: "the dead instance's lease to end" });
      // The living instance renews its slot: it is still held after several leases.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await gone.acquire("key:사라진")).toBeNull();
    } finally {
      await alive.close();
      redis.disconnect();
      await clearRedisPrefix(prefix);
    }
  });

  it("counts per instance while Redis cannot be reached", async () => {
    const unreachable = new Redis({ port: await freePort(), lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    unreachable.on("error", () => undefined);
    const used: string[] = [];
    const slots = new RedisStreamSlotStore(unreachable, { limit: 1, prefix: "x:", fallbacks: { used: (feature) => void used.push(feature) } });
    try {
      const held = await slots.acquire("key:오프라인");
      expect(held).not.toBeNull();
      expect(await slots.acquire("key:오프라인")).toBeNull();
      held!();
      expect(await slots.acquire("key:오프라인")).not.toBeNull();
      expect(used[0]).toBe("stream_slots");
    } finally {
      await slots.close();
      unreachable.disconnect();
    }
  });
});
