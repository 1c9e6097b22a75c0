import { serverSentEventBatches } from "../src/clients/providers/http/server-sent-events";
import { UpstreamBody } from "../src/clients/providers/http/upstream-body";
import { collect, rejection } from "./support/providers";

/** A body as the HTTP client would fill it, recording what the reader asked of the request. */
function upstreamBody() {
  const asked = { resumed: 0, aborted: undefined as Error | undefined };
  const body = new UpstreamBody({ resume: () => (asked.resumed += 1), abort: (reason) => (asked.aborted = reason) });
  return { body, asked };
}

const event = (text: string) => Buffer.from(`data: ${text}\n\n`);
const data = (batches: { data: string }[][]) => batches.map((batch) => batch.map((message) => message.data));

describe("serverSentEventBatches over an upstream body", () => {
  it("gives the events of each network chunk as one batch, with Korean split across chunks intact", async () => {
    const { body } = upstreamBody();
    const events = serverSentEventBatches(body);
    const bytes = event("안녕하세요");
    // The cut falls inside a three-byte Hangul character.
    body.push(Buffer.concat([event("첫 번째"), event("두 번째"), bytes.subarray(0, 8)]));
    body.push(bytes.subarray(8));
    body.finish();
    expect(data(await collect(events))).toEqual([["첫 번째", "두 번째"], ["안녕하세요"]]);
  });

  it("delivers what arrived before the reader started, then serves a reader that waits", async () => {
    const { body } = upstreamBody();
    body.push(event("먼저 온 토큰"));
    const events = serverSentEventBatches(body);
    expect(await events.next()).toEqual({ done: false, value: [expect.objectContaining({ data: "먼저 온 토큰" })] });
    const waiting = events.next();
    body.push(event("기다림"));
    expect(await waiting).toEqual({ done: false, value: [expect.objectContaining({ data: "기다림" })] });
    body.finish();
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it("pauses the client behind a reader that falls behind and resumes it as the reader catches up", async () => {
    const { body, asked } = upstreamBody();
    const events = serverSentEventBatches(body);
    const sent = Array.from({ length: 200 }, (_, index) => `토큰 ${index}`);
    const accepted = sent.map((text) => body.push(event(text)));
    expect(accepted.includes(false)).toBe(true);
    const read: string[] = [];
    for (let index = 0; index < sent.length; index += 1) read.push(...data([(await events.next()).value!])[0]!);
    expect(asked.resumed).toBe(1);
    body.finish();
    expect(await events.next()).toEqual({ done: true, value: undefined });
    expect(read).toEqual(sent);
  });

  it("throws a body's failure, dropping what was not read", async () => {
    const { body } = upstreamBody();
    const events = serverSentEventBatches(body);
    body.push(event("앞부분"));
    body.finish(new Error("connection reset"));
    expect(await rejection(events.next())).toMatchObject({ message: "connection reset" });
  });

  it("gives up the request when the reader stops early", async () => {
    const { body, asked } = upstreamBody();
    body.push(Buffer.concat([event("하나"), event("둘")]));
    body.push(event("셋"));
    for await (const batch of serverSentEventBatches(body)) {
      expect(batch[0]!.data).toBe("하나");
      break;
    }
    expect(asked.aborted).toBeInstanceOf(Error);
  });

  it("leaves a finished request alone when the reader stops after the end", async () => {
    const { body, asked } = upstreamBody();
    body.push(event("끝"));
    body.finish();
    for await (const batch of serverSentEventBatches(body)) {
      expect(batch[0]!.data).toBe("끝");
      break;
    }
    expect(asked.aborted).toBeUndefined();
  });
});
