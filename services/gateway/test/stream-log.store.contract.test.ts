import { scaledTimeout, testLogger, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { MemoryStreamLogStore } from "../src/storage/memory-stream-log.store";
import { connectGatewayRedis } from "../src/storage/redis-connection";
import { RedisStreamLogStore } from "../src/storage/redis-stream-log.store";
import type { StreamCapacity } from "../src/domain/chat/stream-capacity";
import type { ChatDoneEvent } from "../src/domain/chat/chat-stream.events";
import type { LoggedEvent, LostStream, StreamLogStore } from "../src/domain/chat/stream-log.store";

const OWNER = { tenantId: "테넌트-가", sessionId: "세션-1" };
const DELTAS = ["안녕하세요", "! 부산은 ", "바다가 ", "아름답습니다 🌊"] as const;
/** A terminal event as a finished reply ends its stream. */
const DONE: ChatDoneEvent = { done: true, message_id: "메시지", finish_reason: "stop", usage: null, model: "test-model" };

function chunkOf(event: LoggedEvent): string | undefined {
  return "chunk" in event.data ? event.data.chunk : undefined;
}

/** Follows a stream until it ends (or `signal` aborts), collecting what it hears. */
async function collect(log: StreamLogStore, messageId: string, afterId: number, signal = new AbortController().signal): Promise<LoggedEvent[]> {
  const events: LoggedEvent[] = [];
  await log.follow(messageId, afterId, signal).read((event) => events.push(event));
  return events;
}

function describeStreamLog(name: string, open: () => { log: StreamLogStore; close(): Promise<void> }) {
  describe(`stream log: ${name}`, () => {
    let subject: ReturnType<typeof open>;
    beforeAll(() => {
      subject = open();
    });
    afterAll(() => subject.close());

    it("numbers events from 1, replays those after an id, then follows live ones to the terminal event", async () => {
      const { log } = subject;
      const messageId = uniqueName("stream");
      await log.open(messageId, OWNER);
      expect(await log.append(messageId, { session_id: OWNER.sessionId, message_id: messageId })).toBe(1);
      expect(log.appendNow(messageId, { chunk: DELTAS[0] })).toBe(2);

      const following = collect(log, messageId, 1);
      for (const chunk of DELTAS.slice(1)) {
        log.appendNow(messageId, { chunk });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(await log.append(messageId, DONE, true)).toBe(6);

      const events = await following;
      expect(events.map((event) => event.id)).toEqual([2, 3, 4, 5, 6]);
      expect(events.slice(0, 4).map(chunkOf)).toEqual(DELTAS);
      expect(events.at(-1)).toEqual({ id: 6, data: DONE, terminal: true });
      // After the end, a late reader gets the rest and stops at the terminal event.
      expect((await collect(log, messageId, 4)).map((event) => event.id)).toEqual([5, 6]);
    });

    it("tells a stream's owner, and knows nothing of an unknown stream", async () => {
      const { log } = subject;
      const messageId = uniqueName("owned");
      await log.open(messageId, OWNER);
      expect(await log.owner(messageId)).toEqual(OWNER);
      expect(await log.owner(uniqueName("unknown"))).toBeUndefined();
      await log.append(messageId, { error: { code: "upstream_timeout", message: "시간 초과" } }, true);
    });

    it("keeps nothing appended after the terminal event", async () => {
      const { log } = subject;
      const messageId = uniqueName("ended");
      await log.open(messageId, OWNER);
      await log.append(messageId, { chunk: DELTAS[0] });
      await log.append(messageId, DONE, true);
      log.appendNow(messageId, { chunk: "끝난 뒤의 조각" });
      expect((await collect(log, messageId, 0)).map((event) => event.data)).toEqual([{ chunk: DELTAS[0] }, DONE]);
      // A client resuming after the terminal event hears nothing more.
      expect(await collect(log, messageId, 2)).toEqual([]);
    });

    it("ends a follower whose signal aborts, without a terminal event", async () => {
      const { log } = subject;
      const messageId = uniqueName("left");
      await log.open(messageId, OWNER);
      await log.append(messageId, { chunk: DELTAS[0] });
      const controller = new AbortController();
      const following = collect(log, messageId, 0, controller.signal);
      await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort();
      expect((await following).map((event) => event.data)).toEqual([{ chunk: DELTAS[0] }]);
      await log.append(messageId, DONE, true);
    });
  });
}

/** Room enough for the contract tests. */
const ROOMY: StreamCapacity = { maxStreams: 1000, maxBytes: 64 * 1024 * 1024 };

describeStreamLog("memory", () => {
  const log = new MemoryStreamLogStore({ retentionMs: 60_000, ...ROOMY });
  return { log, close: () => log.close() };
});

function redisLog(prefix: string, leaseSeconds = 10, capacity = ROOMY) {
  const { redis, fallbacks } = connectGatewayRedis(testStores.redisUrl, { logger: testLogger("stream-log"), purpose: "stream log test" });
  const log = new RedisStreamLogStore(redis, { prefix, retentionSeconds: 60, leaseSeconds, capacity, fallbacks });
  return {
    log,
    close: async () => {
      await log.close();
      redis.disconnect();
    },
  };
}

describeStreamLog("redis", () => redisLog(`${uniqueName("streamlog")}:`));

/** Both logs hold at most so many streams of this instance, and so many bytes of them. */
function describeCapacity(name: string, open: (capacity: StreamCapacity) => { log: StreamLogStore; close(): Promise<void> }) {
  describe(`stream log capacity: ${name}`, () => {
    const opened: { close(): Promise<void> }[] = [];
    const make = (capacity: StreamCapacity) => {
      const subject = open(capacity);
      opened.push(subject);
      return subject.log;
    };
    afterAll(async () => {
      for (const subject of opened) await subject.close();
    });

    it("refuses a new stream while running ones fill it, and makes room by dropping finished ones", async () => {
      const log = make({ maxStreams: 2, maxBytes: 1024 * 1024 });
      const [first, second, third] = [uniqueName("cap"), uniqueName("cap"), uniqueName("cap")];
      await log.open(first, OWNER);
      await log.open(second, OWNER);
      expect(() => log.admit()).toThrow(expect.objectContaining({ kind: "unavailable", code: "stream_capacity_exhausted" }));
      await expect(log.open(third, OWNER)).rejects.toMatchObject({ kind: "unavailable", code: "stream_capacity_exhausted" });

      await log.append(first, DONE, true);
      log.admit();
      await log.open(third, OWNER);
      await log.append(second, DONE, true);
      await log.append(third, DONE, true);
    });

    it("refuses a new stream while running ones hold the byte cap, and admits again once one finishes", async () => {
      const log = make({ maxStreams: 100, maxBytes: 64 * 1024 });
      const big = uniqueName("big");
      await log.open(big, OWNER);
      // 40 deltas of 1000 characters: about 80 KB as UTF-16.
      for (let index = 0; index < 40; index++) log.appendNow(big, { chunk: "가".repeat(1000) });
      await expect(log.open(uniqueName("small"), OWNER)).rejects.toMatchObject({ code: "stream_capacity_exhausted" });
      await log.append(big, DONE, true);
      await log.open(uniqueName("small"), OWNER);
    });
  });
}

describeCapacity("memory", (capacity) => {
  const log = new MemoryStreamLogStore({ retentionMs: 60_000, ...capacity });
  return { log, close: () => log.close() };
});
describeCapacity("redis", (capacity) => redisLog(`${uniqueName("streamlog_cap")}:`, 10, capacity));

describe("stream log capacity: memory, which streams make room", () => {
  const log = new MemoryStreamLogStore({ retentionMs: 60_000, maxStreams: 3, maxBytes: 1024 * 1024 });
  afterAll(() => log.close());

  it("drops finished streams in the order they finished, and never a running one", async () => {
    const [running, finishedFirst, finishedSecond, newest] = ["running", "first", "second", "newest"].map((name) => uniqueName(name));
    await log.open(running!, OWNER);
    await log.open(finishedSecond!, OWNER);
    await log.open(finishedFirst!, OWNER);
    await log.append(finishedFirst!, DONE, true);
    await log.append(finishedSecond!, DONE, true);

    await log.open(newest!, OWNER);
    expect(await log.owner(finishedFirst!)).toBeUndefined();
    expect(await log.owner(finishedSecond!)).toEqual(OWNER);
    expect(await log.owner(running!)).toEqual(OWNER);
    expect(await collect(log, finishedSecond!, 0)).toEqual([{ id: 1, data: DONE, terminal: true }]);
  });
});

describe("stream log: redis, across instances", () => {
  const prefix = `${uniqueName("streamlog_shared")}:`;
  const generating = redisLog(prefix);
  const elsewhere = redisLog(prefix);
  afterAll(async () => {
    await generating.close();
    await elsewhere.close();
  });

  it("another instance replays a running stream from any id and follows it live, with no gap and no duplicate", async () => {
    const messageId = uniqueName("shared");
    await generating.log.open(messageId, OWNER);
    await generating.log.append(messageId, { session_id: OWNER.sessionId, message_id: messageId });
    generating.log.appendNow(messageId, { chunk: DELTAS[0] });
    generating.log.appendNow(messageId, { chunk: DELTAS[1] });
    await waitFor(async () => (await elsewhere.log.owner(messageId))?.sessionId === OWNER.sessionId, { what: "the owner mirrored to Redis" });

    const following = collect(elsewhere.log, messageId, 2);
    for (const chunk of DELTAS.slice(2)) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      generating.log.appendNow(messageId, { chunk });
    }
    await generating.log.append(messageId, DONE, true);

    const events = await following;
    expect(events.map((event) => event.id)).toEqual([3, 4, 5, 6]);
    expect(events.map((event) => chunkOf(event) ?? null)).toEqual([...DELTAS.slice(1), null]);
    expect(events.at(-1)!.terminal).toBe(true);
    expect((await collect(elsewhere.log, messageId, 0)).map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("knows nothing of a stream no instance opened", async () => {
    const messageId = uniqueName("nowhere");
    expect(await elsewhere.log.owner(messageId)).toBeUndefined();
  });
});

describe("stream log: redis, when the generating instance dies", () => {
  const LEASE_SECONDS = 1;
  const prefix = `${uniqueName("streamlog_lease")}:`;
  const generating = redisLog(prefix, LEASE_SECONDS);
  const elsewhere = [redisLog(prefix, LEASE_SECONDS), redisLog(prefix, LEASE_SECONDS)];
  const lost: LostStream[] = [];
  for (const instance of elsewhere) instance.log.onLost((stream) => lost.push(stream));
  afterAll(async () => {
    await generating.close();
    for (const instance of elsewhere) await instance.close();
  });

  it(
    "follows a running stream that stays quiet for several leases to its end: a renewed lease is not lost",
    async () => {
      const messageId = uniqueName("quiet");
      await generating.log.open(messageId, OWNER);
      await generating.log.append(messageId, { session_id: OWNER.sessionId, message_id: messageId });
      await waitFor(async () => (await elsewhere[0]!.log.owner(messageId)) !== undefined, { what: "the owner mirrored to Redis" });
      const following = collect(elsewhere[0]!.log, messageId, 0);
      await new Promise((resolve) => setTimeout(resolve, LEASE_SECONDS * 3000));
      await generating.log.append(messageId, DONE, true);
      expect((await following).map((event) => event.data)).toEqual([{ session_id: OWNER.sessionId, message_id: messageId }, DONE]);
      expect(lost).toEqual([]);
    },
    scaledTimeout(20_000),
  );

  it(
    "ends every follower elsewhere with generation_lost once the lease runs out, and reports the stream once",
    async () => {
      const dying = redisLog(prefix, LEASE_SECONDS);
      const messageId = uniqueName("orphan");
      await dying.log.open(messageId, OWNER);
      await dying.log.append(messageId, { session_id: OWNER.sessionId, message_id: messageId });
      dying.log.appendNow(messageId, { chunk: DELTAS[0] });
      dying.log.appendNow(messageId, { chunk: DELTAS[1] });
      await waitFor(async () => (await collect(elsewhere[0]!.log, messageId, 0, AbortSignal.timeout(200))).length === 3, {
        what: "the deltas mirrored to Redis",
      });

      // Followers on two instances, one of them from the start, one from its last event.
      const followers = [collect(elsewhere[0]!.log, messageId, 0), collect(elsewhere[1]!.log, messageId, 2), collect(elsewhere[1]!.log, messageId, 3)] as const;
      const diedAt = Date.now();
      // As a killed process: no terminal event, and nobody renews the lease any more.
      await dying.close();
      const [fromStart, fromTwo, fromThree] = await Promise.all(followers);
      const endedAfterMs = Date.now() - diedAt;

      const lostEvent = { id: 4, data: { error: { code: "generation_lost", message: expect.any(String) } }, terminal: true };
      expect(fromStart.map((event) => chunkOf(event) ?? null)).toEqual([null, ...DELTAS.slice(0, 2), null]);
      expect(fromStart.at(-1)).toEqual(lostEvent);
      expect(fromTwo).toEqual([fromStart[2], lostEvent]);
      expect(fromThree).toEqual([lostEvent]);
      expect(endedAfterMs).toBeLessThan(LEASE_SECONDS * 1000 * 8);

      await waitFor(() => lost.length > 0, { what: "the lost stream reported" });
      // Later readers hear the same end, and nothing reports it again.
      expect((await collect(elsewhere[1]!.log, messageId, 0)).at(-1)).toEqual(lostEvent);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toEqual({ messageId, owner: OWNER, events: fromStart.slice(0, 3) });
    },
    scaledTimeout(20_000),
  );

  it(
    "ends a follower that heard more than reached Redis (its last id is past the mirror's end) with generation_lost too",
    async () => {
      const dying = redisLog(prefix, LEASE_SECONDS);
      const messageId = uniqueName("ahead");
      await dying.log.open(messageId, OWNER);
      await dying.log.append(messageId, { session_id: OWNER.sessionId, message_id: messageId });
      await waitFor(async () => (await collect(elsewhere[0]!.log, messageId, 0, AbortSignal.timeout(200))).length === 1, {
        what: "the first event mirrored to Redis",
      });
      await dying.close();
      // As a client that heard events 2 to 5 from the dying instance before they were mirrored.
      const events = await collect(elsewhere[0]!.log, messageId, 5);
      expect(events).toEqual([{ id: 2, data: { error: { code: "generation_lost", message: expect.any(String) } }, terminal: true }]);
    },
    scaledTimeout(20_000),
  );
});
