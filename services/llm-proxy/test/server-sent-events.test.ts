import { Readable } from "node:stream";
import { serverSentEventBatches } from "../src/providers/http/server-sent-events";
import { collect, rejection } from "./support/providers";

const body = () => new Readable({ read() {} });
const data = (batches: { data: string }[][]) => batches.map((batch) => batch.map((event) => event.data));

describe("serverSentEventBatches over a Node body", () => {
  it("gives the events of each network chunk as one batch, with Korean split across chunks intact", async () => {
    const stream = body();
    const events = serverSentEventBatches(stream);
    const bytes = Buffer.from("data: 안녕하세요\n\n");
    // The cut falls inside a three-byte Hangul character.
    stream.push(Buffer.concat([Buffer.from("data: 첫 번째\n\ndata: 두 번째\n\n"), bytes.subarray(0, 8)]));
    stream.push(bytes.subarray(8));
    stream.push(null);
    expect(data(await collect(events))).toEqual([["첫 번째", "두 번째"], ["안녕하세요"]]);
  });

  it("serves a reader that waits before the data arrives", async () => {
    const stream = body();
    const events = serverSentEventBatches(stream);
    const first = events.next();
    stream.push("data: 기다림\n\n");
    expect(await first).toEqual({ done: false, value: [expect.objectContaining({ data: "기다림" })] });
    stream.push(null);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it("pauses a body whose reader falls behind and resumes it as the reader catches up", async () => {
    const stream = body();
    const events = serverSentEventBatches(stream);
    const sent = Array.from({ length: 200 }, (_, index) => `토큰 ${index}`);
    for (const text of sent) stream.push(`data: ${text}\n\n`);
    stream.push(null);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.isPaused()).toBe(true);
    expect(data(await collect(events)).flat()).toEqual(sent);
  });

  it("throws a body's failure, dropping what was not read", async () => {
    const stream = body();
    const events = serverSentEventBatches(stream);
    stream.push("data: 앞부분\n\n");
    await new Promise((resolve) => setImmediate(resolve));
    stream.destroy(new Error("connection reset"));
    expect(await rejection(events.next())).toMatchObject({ message: "connection reset" });
  });

  it("throws when the body closes before its end", async () => {
    const stream = body();
    const events = serverSentEventBatches(stream);
    const pending = events.next();
    stream.destroy();
    expect(await rejection(pending)).toMatchObject({ code: "ERR_STREAM_PREMATURE_CLOSE" });
  });

  it("destroys the body when the reader stops early", async () => {
    const stream = body();
    for (const text of ["하나", "둘"]) stream.push(`data: ${text}\n\n`);
    for await (const batch of serverSentEventBatches(stream)) {
      expect(batch[0]!.data).toBe("하나");
      break;
    }
    expect(stream.destroyed).toBe(true);
  });
});
