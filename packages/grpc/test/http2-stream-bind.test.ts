import { AsyncLocalStorage, AsyncResource, executionAsyncId } from "node:async_hooks";
import { connect, createServer, type Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { useLeanHttp2StreamBind } from "../src/http2-stream-bind";

describe("the lean HTTP/2 stream bind", () => {
  let server: Http2Server;
  let url: string;

  beforeAll(async () => {
    useLeanHttp2StreamBind();
    server = createServer((request, response) => response.end(`안녕하세요 ${request.url}`));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("leaves every other bind as Node makes it", () => {
    const resource = new AsyncResource("시험");
    const handler = (a: number, b: number, c: number) => a + b + c;
    const bound = resource.bind(handler) as typeof handler & { asyncResource?: unknown };
    expect(bound.length).toBe(3);
    expect(Object.getOwnPropertyDescriptor(bound, "asyncResource")?.get).toEqual(expect.any(Function));
    expect(bound(1, 2, 3)).toBe(6);
    expect(() => resource.bind("함수 아님" as unknown as () => void)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
  });

  it("still runs the stream start in the resource's async context", () => {
    const resource = new AsyncResource("스트림");
    function requestOnConnect(this: unknown, value: string) {
      return { scope: executionAsyncId(), self: this, value };
    }
    const start = resource.bind(requestOnConnect.bind(null));
    const ran = start.call("이것", "값") as { scope: number; value: string };
    expect(ran.scope).toBe(resource.asyncId());
    expect(ran.value).toBe("값");
    expect(Object.getOwnPropertyDescriptor(start, "asyncResource")).toBeUndefined();
  });

  it("recognises the function Node's HTTP/2 client binds per stream (else it would quietly stop helping)", async () => {
    const lean = AsyncResource.prototype.bind;
    const names: string[] = [];
    AsyncResource.prototype.bind = function (this: AsyncResource, fn: (...args: unknown[]) => unknown, thisArg?: unknown) {
      names.push(fn.name);
      return (lean as (this: AsyncResource, fn: unknown, thisArg?: unknown) => unknown).call(this, fn, thisArg);
    } as typeof lean;
    const session = connect(url);
    try {
      const stream = session.request({ ":path": "/확인" });
      stream.resume();
      await new Promise((resolve) => stream.on("end", resolve));
    } finally {
      AsyncResource.prototype.bind = lean;
      session.close();
    }
    expect(names).toContain("bound requestOnConnect");
  });

  it("opens streams as before, also while the session is still connecting, in the caller's context", async () => {
    const storage = new AsyncLocalStorage<string>();
    const session = connect(url);
    try {
      // Requested before the session is connected: the stream starts later, from the pending queue.
      const answers = await Promise.all(
        ["/하나", "/둘"].map((path) =>
          storage.run(path, () => {
            const stream = session.request({ ":path": encodeURI(path) });
            const seen = new Promise<string | undefined>((resolve) => stream.once("ready", () => resolve(storage.getStore())));
            let body = "";
            stream.setEncoding("utf8");
            stream.on("data", (chunk: string) => (body += chunk));
            return new Promise<[string, string | undefined]>((resolve, reject) => {
              stream.on("end", async () => resolve([body, await seen]));
              stream.on("error", reject);
            });
          }),
        ),
      );
      expect(answers).toEqual([
        [`안녕하세요 ${encodeURI("/하나")}`, "/하나"],
        [`안녕하세요 ${encodeURI("/둘")}`, "/둘"],
      ]);
    } finally {
      session.close();
    }
  });
});
