import { Redis } from "ioredis";
import { testStores, uniqueName, waitFor } from "@chatbot/testkit";
import type { SessionLockStore } from "../src/domain/chat/session-lock.store";
import { MemorySessionLockStore } from "../src/storage/memory-session-lock.store";
import { RedisSessionLockStore } from "../src/storage/redis-session-lock.store";

function describeLocks(name: string, open: () => { locks: SessionLockStore; close(): void }) {
  describe(`session locks: ${name}`, () => {
    let subject: ReturnType<typeof open>;
    beforeAll(() => {
      subject = open();
    });
    afterAll(() => subject.close());

    it("lets one holder in at a time, per session", async () => {
      const release = await subject.locks.tryAcquire("세션-a");
      expect(release).toBeDefined();
      expect(await subject.locks.tryAcquire("세션-a")).toBeUndefined();
      const other = await subject.locks.tryAcquire("세션-b");
      expect(other).toBeDefined();
      await release!();
      const again = await subject.locks.tryAcquire("세션-a");
      expect(again).toBeDefined();
      await again!();
      await other!();
    });

    it("ignores a second release: it cannot free the lock that someone took since", async () => {
      const first = await subject.locks.tryAcquire("두 번 놓기");
      await first!();
      const second = await subject.locks.tryAcquire("두 번 놓기");
      expect(second).toBeDefined();
      await first!();
      expect(await subject.locks.tryAcquire("두 번 놓기")).toBeUndefined();
      await second!();
    });

    it("admits exactly one of many concurrent callers", async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => subject.locks.tryAcquire("경쟁")));
      const winners = results.filter(Boolean);
      expect(winners).toHaveLength(1);
      await winners[0]!();
    });
  });
}

describeLocks("memory", () => ({ locks: new MemorySessionLockStore(), close: () => undefined }));

describeLocks("redis", () => {
  const redis = new Redis(testStores.redisUrl);
  return { locks: new RedisSessionLockStore(redis, { prefix: `${uniqueName("locks")}:`, ttlMs: 2000 }), close: () => redis.disconnect() };
});

describe("Redis session lock lease", () => {
  it("is kept alive while held and frees itself when the holder disappears", async () => {
    const redis = new Redis(testStores.redisUrl);
    const prefix = `${uniqueName("lease")}:`;
    const locks = new RedisSessionLockStore(redis, { prefix, ttlMs: 300 });
    const release = await locks.tryAcquire("세션");
    // Outlive the lease twice over: only the holder's renewals can still be keeping it.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await locks.tryAcquire("세션")).toBeUndefined();
    await release!();
    // A holder that crashed never renews: the lease runs out on its own.
    await redis.set(`${prefix}lock:고아`, "crashed-holder", "PX", 200);
    expect(await locks.tryAcquire("고아")).toBeUndefined();
    const taken = await waitFor(() => locks.tryAcquire("고아"), { timeoutMs: 2000, what: "the orphaned lease to run out" });
    await taken!();
    redis.disconnect();
  });
});
