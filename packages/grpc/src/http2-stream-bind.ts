import { AsyncResource } from "node:async_hooks";

/** What Node's ClientHttp2Session#request binds to an AsyncResource for each stream it opens. */
const HTTP2_STREAM_START = "bound requestOnConnect";

let installed = false;

/**
 * Node's HTTP/2 client binds the function that starts each stream to an AsyncResource, and
 * Node 20's `AsyncResource#bind` then redefines the bound function's `length` and gives it a
 * deprecated `asyncResource` property whose accessors are wrapped, and re-parented with
 * Object.setPrototypeOf, per call (nodejs/node#58218). On a fresh function each of those
 * makes new hidden classes: that cost about 40% of a gRPC client's CPU per call here, and
 * kept every call's objects, and whatever they reached, alive until a full collection.
 *
 * This binds that one internal function as Node does (it still runs in the resource's async
 * context) without the property work nobody reads on it; every other bind is Node's own.
 */
export function useLeanHttp2StreamBind(): void {
  if (installed) return;
  installed = true;
  const nodeBind = AsyncResource.prototype.bind as (this: AsyncResource, fn: unknown, thisArg?: unknown) => unknown;
  AsyncResource.prototype.bind = function bind(this: AsyncResource, fn: unknown, thisArg?: unknown) {
    if (thisArg !== undefined || typeof fn !== "function" || fn.name !== HTTP2_STREAM_START) return nodeBind.call(this, fn, thisArg);
    const resource = this;
    const start = fn as (...args: unknown[]) => unknown;
    return function (this: unknown, ...args: unknown[]) {
      return resource.runInAsyncScope(start, this, ...args);
    };
  } as typeof AsyncResource.prototype.bind;
}
