import { Redis } from "ioredis";
import { freePort, testLogger, testStores, uniqueName } from "@chatbot/testkit";
import type { RedisFeature } from "../src/storage/redis-connection";
import type { TokenQuotaStore } from "../src/domain/access/token-quota.store";
import { MemoryTokenQuotaStore } from "../src/storage/memory-token-quota.store";
import { RedisTokenQuotaStore } from "../src/storage/redis-token-quota.store";
import { TokenQuota } from "../src/domain/access/token-quota";
import { clearRedisPrefix } from "./support/gateway-harness";

/** 2031-03-14 09:26:30.250 UTC: 29.75 s left in the minute, 14 h 33 min 29.75 s in the day. */
const START = Date.UTC(2031, 2, 14, 9, 26, 30, 250);
const MINUTE_LEFT_MS = 29_750;
const DAY_LEFT_MS = (14 * 3600 + 33 * 60 + 29) * 1000 + 750;

interface Made {
  store: TokenQuotaStore;
  clock: { now: number };
  close(): Promise<void>;
}

function describeTokenQuotaStoreContract(adapter: string, make: (clock: { now: number }) => Promise<Omit<Made, "clock">>) {
  describe(`token quota store in ${adapter}`, () => {
    let made: Made;
    beforeAll(async () => {
      const clock = { now: START };
      made = { ...(await make(clock)), clock };
    });
    beforeEach(() => {
      made.clock.now = START;
    });
    afterAll(() => made?.close());

    const subject = (label: string) => `key:${uniqueName(label)}`;

    it("reports nothing used for a new subject, with each window's time left on the clock", async () => {
      expect(await made.store.usage(subject("새키"))).toEqual({
        minute: { used: 0, resetMs: MINUTE_LEFT_MS },
        day: { used: 0, resetMs: DAY_LEFT_MS },
      });
    });

    it("adds every charge to both windows, per subject", async () => {
      const [first, second] = [subject("가"), subject("나")];
      await made.store.charge(first, 120);
      await made.store.charge(first, 35);
      await made.store.charge(second, 7);
      expect(await made.store.usage(first)).toMatchObject({ minute: { used: 155 }, day: { used: 155 } });
      expect(await made.store.usage(second)).toMatchObject({ minute: { used: 7 }, day: { used: 7 } });
    });

    it("starts the minute over on the clock's next minute and the day at UTC midnight", async () => {
      const owner = subject("시계");
      await made.store.charge(owner, 50);
      made.clock.now = START + MINUTE_LEFT_MS - 1;
      expect(await made.store.usage(owner)).toEqual({ minute: { used: 50, resetMs: 1 }, day: { used: 50, resetMs: DAY_LEFT_MS - MINUTE_LEFT_MS + 1 } });
      made.clock.now = START + MINUTE_LEFT_MS;
      expect(await made.store.usage(owner)).toEqual({ minute: { used: 0, resetMs: 60_000 }, day: { used: 50, resetMs: DAY_LEFT_MS - MINUTE_LEFT_MS } });
      await made.store.charge(owner, 20);
      expect(await made.store.usage(owner)).toMatchObject({ minute: { used: 20 }, day: { used: 70 } });
      made.clock.now = START + DAY_LEFT_MS;
      expect(await made.store.usage(owner)).toEqual({ minute: { used: 0, resetMs: 60_000 }, day: { used: 0, resetMs: 86_400_000 } });
    });

    it("counts concurrent charges exactly", async () => {
      const owner = subject("동시");
      await Promise.all(Array.from({ length: 20 }, () => made.store.charge(owner, 7)));
      expect(await made.store.usage(owner)).toMatchObject({ minute: { used: 140 }, day: { used: 140 } });
    });
  });
}

describeTokenQuotaStoreContract("memory", async (clock) => {
  const store = new MemoryTokenQuotaStore(() => clock.now);
  return { store, close: () => store.close() };
});

const redisPrefix = `${uniqueName("tq")}:`;

describeTokenQuotaStoreContract("Redis", async (clock) => {
  const redis = new Redis(testStores.redisUrl);
  const store = new RedisTokenQuotaStore(redis, { prefix: redisPrefix, now: () => clock.now });
  return {
    store,
    async close() {
      await store.close();
      redis.disconnect();
    },
  };
});

describe("token quota store in Redis, beyond the contract", () => {
  afterAll(() => clearRedisPrefix(redisPrefix));

  it("is shared by every store on the same Redis and prefix, and expires with its window", async () => {
    const redis = new Redis(testStores.redisUrl);
    const [first, second] = [new RedisTokenQuotaStore(redis, { prefix: redisPrefix }), new RedisTokenQuotaStore(redis, { prefix: redisPrefix })];
    try {
      const owner = `key:${uniqueName("공유")}`;
      await first.charge(owner, 40);
      await second.charge(owner, 2);
      expect(await first.usage(owner)).toMatchObject({ minute: { used: 42 }, day: { used: 42 } });
      const keys = await redis.keys(`${redisPrefix}tokens:{${owner}}:*`);
      expect(keys).toHaveLength(2);
      for (const key of keys) {
        const ttl = await redis.pttl(key);
        expect(ttl).toBeGreaterThan(60_000);
        expect(ttl).toBeLessThanOrEqual((key.includes(":minute:") ? 60_000 : 86_400_000) + 60_000);
      }
    } finally {
      await first.close();
      await second.close();
      redis.disconnect();
    }
  });

  it("counts in memory on its own while Redis is unreachable, reporting the fallback", async () => {
    // Nothing listens on this port: every command fails at once, as with a Redis that went away
    // (no reconnect attempts, which would outlive the test).
    const redis = new Redis(`redis://127.0.0.1:${await freePort()}`, { enableOfflineQueue: false, retryStrategy: () => null });
    redis.on("error", () => undefined);
    const used: RedisFeature[] = [];
    const store = new RedisTokenQuotaStore(redis, { prefix: redisPrefix, fallbacks: { used: (feature) => void used.push(feature) } });
    try {
      const owner = `key:${uniqueName("장애")}`;
      await store.charge(owner, 30);
      await store.charge(owner, 12);
      expect(await store.usage(owner)).toMatchObject({ minute: { used: 42 }, day: { used: 42 } });
      expect(used).toEqual(["token_quota", "token_quota", "token_quota"]);
    } finally {
      await store.close();
      redis.disconnect();
    }
  });
});

describe("token quota decisions", () => {
  const logger = testLogger("token-quota");

  it("allows a subject under both limits and names the window that resets last when both are used up", async () => {
    const clock = { now: START };
    const store = new MemoryTokenQuotaStore(() => clock.now);
    const quota = new TokenQuota(store, { minute: 100, day: 150 }, logger);
    try {
      expect(await quota.exhausted("key:결정")).toBeNull();
      await quota.charge("key:결정", 99);
      expect(await quota.exhausted("key:결정")).toBeNull();
      await quota.charge("key:결정", 1);
      expect(await quota.exhausted("key:결정")).toEqual({ window: "minute", limit: 100, used: 100, resetSeconds: 30 });
      clock.now += MINUTE_LEFT_MS;
      expect(await quota.exhausted("key:결정")).toBeNull();
      await quota.charge("key:결정", 60);
      expect(await quota.exhausted("key:결정")).toEqual({ window: "day", limit: 150, used: 160, resetSeconds: Math.ceil((DAY_LEFT_MS - MINUTE_LEFT_MS) / 1000) });
    } finally {
      await quota.close();
    }
  });

  it("lets chats through when the store cannot answer", async () => {
    const broken: TokenQuotaStore = {
      usage: () => Promise.reject(new Error("저장소 고장")),
      charge: () => Promise.reject(new Error("저장소 고장")),
      close: async () => undefined,
    };
    expect(await new TokenQuota(broken, { minute: 1 }, logger).exhausted("key:고장")).toBeNull();
  });
});
