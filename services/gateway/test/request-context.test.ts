import { EventEmitter } from "node:events";
import type { Request, Response } from "express";
import { contextOf, requestContext } from "../src/transport/http/request-context";

/** Just what the middleware touches of a request and a response. */
function exchange(requestId?: string) {
  const request = { headers: requestId === undefined ? {} : { "x-request-id": requestId } } as unknown as Request;
  const headers = new Map<string, string>();
  const response = Object.assign(new EventEmitter(), {
    locals: {} as Record<string, unknown>,
    writableFinished: false,
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
  }) as unknown as Response & { writableFinished: boolean };
  requestContext(request, response, () => undefined);
  return { response, headers, context: contextOf(response) };
}

describe("request context", () => {
  it("keeps a sane X-Request-Id from the caller and makes one up otherwise", () => {
    expect(exchange("요청-1").headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(exchange("trace.abc:42").context.requestId).toBe("trace.abc:42");
    const made = exchange();
    expect(made.context.requestId).toBe(made.headers.get("x-request-id"));
  });

  it("aborts the signal when the client goes away before the answer is finished, whenever the signal was first asked for", () => {
    const early = exchange();
    const signal = early.context.signal;
    early.response.emit("close");
    expect(signal.aborted).toBe(true);

    const late = exchange();
    late.response.emit("close");
    expect(late.context.signal.aborted).toBe(true);
    expect((late.context.signal.reason as Error).message).toBe("client disconnected");
  });

  it("leaves the signal alone when the answer was finished", () => {
    const { response, context } = exchange();
    const signal = context.signal;
    response.writableFinished = true;
    response.emit("close");
    expect(signal.aborted).toBe(false);
    expect(context.signal.aborted).toBe(false);
  });
});
