import * as grpc from "@grpc/grpc-js";
import { AppError, LazyAbort, grpcCodeOf, isAppError, type Logger } from "@chatbot/core";
import { SpanKind, withSpan } from "@chatbot/observability";
import { DEFAULT_CALL_TIMEOUT_MS, type UnaryCallOptions, type UnaryInvoker } from "./client";
import type { CallContext, HandlerRuntime, UnaryCalls } from "./handlers";

type AnyCall = (request: unknown, context: CallContext) => Promise<unknown>;

/**
 * A service's unary calls for a caller in the same process (an `…_ADDR=in-process` setting):
 * the same requests, answers and typed errors as over gRPC, without a socket, HTTP/2 framing
 * and a second event loop between them.
 *
 * - Request and answer go through the method's protobuf codec, so the service reads defaults
 *   filled in and unknown fields dropped, and the caller reads the answer, exactly as over
 *   the wire (a few microseconds; a hop costs hundreds).
 * - An AppError reaches the caller as it was thrown; anything else is logged once and becomes
 *   `internal_error`, as the gRPC edge sends it.
 * - The deadline and the caller's signal end the caller's wait as they end a call
 *   (`service_timeout`, `cancelled`) and abort the call's context; work that does not read
 *   that signal goes on, as it does on a server.
 * - Calls are counted in the service's call metrics and traced as client spans, as over gRPC.
 */
export function inProcessInvoker<C, Handlers>(definition: grpc.ServiceDefinition, calls: UnaryCalls<Handlers>, runtime: HandlerRuntime, peer: string): UnaryInvoker<C> {
  const byName = calls as Record<string, AnyCall>;
  const invoke = (method: string, request: unknown, options: UnaryCallOptions = {}): Promise<unknown> => {
    const codec = definition[method];
    const call = byName[method];
    if (!codec || !call) return Promise.reject(new Error(`${peer} has no method ${method}`));
    return withSpan(`${peer}/${method}`, { kind: SpanKind.CLIENT, attributes: { "rpc.system": "in-process", "rpc.service": peer, "rpc.method": method } }, () =>
      run(method, codec, call, request, options),
    );
  };

  function run(method: string, codec: grpc.MethodDefinition<unknown, unknown>, call: AnyCall, request: unknown, options: UnaryCallOptions): Promise<unknown> {
    const started = performance.now();
    const observe = (code: string) => runtime.observe?.(method, code, (performance.now() - started) / 1000);
    return new Promise((resolve, reject) => {
      const signal = options.signal;
      if (signal?.aborted) {
        reject(new AppError("cancelled", "cancelled", "The call was cancelled"));
        return;
      }
      const abort = new LazyAbort();
      let settled = false;
      const end = (error: AppError | undefined, answer?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (error) {
          abort.abort(error.message);
          observe(String(grpcCodeOf(error.kind)));
          reject(error);
        } else {
          observe("OK");
          resolve(answer);
        }
      };
      const onAbort = () => end(new AppError("cancelled", "cancelled", "The call was cancelled"));
      const timer = setTimeout(
        () => end(new AppError("deadline_exceeded", "service_timeout", `The ${peer} service did not answer in time`)),
        options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
      );
      signal?.addEventListener("abort", onAbort, { once: true });
      let received: unknown;
      try {
        received = codec.requestDeserialize(codec.requestSerialize(request));
      } catch (error) {
        // What grpc-js does with a request it cannot serialize: the call fails before it is sent.
        end(new AppError("internal", "internal_error", `A ${peer}/${method} request could not be encoded`, { cause: error }));
        return;
      }
      const context: CallContext = {
        get signal() {
          return abort.signal;
        },
        metadata: new grpc.Metadata(),
      };
      let answered: Promise<unknown>;
      try {
        answered = call(received, context);
      } catch (error) {
        // A call that throws before it returns a promise fails like one that rejects.
        answered = Promise.reject(error);
      }
      answered.then(
        (answer) => {
          let decoded: unknown;
          try {
            decoded = codec.responseDeserialize(codec.responseSerialize(answer));
          } catch (error) {
            // An answer the codec refuses is the service's bug: internal, as grpc-js would send it.
            end(typed(error, method));
            return;
          }
          end(undefined, decoded);
        },
        (error: unknown) => end(typed(error, method)),
      );
    });
  }

  const typed = (error: unknown, method: string) => inProcessFailure(error, runtime.logger, `${peer}/${method}`);

  return invoke as UnaryInvoker<C>;
}

/**
 * What a caller in the same process hears of a failed call, as the gRPC edge would send it: an
 * AppError as it is (an internal one logged), a failure after the call's `signal` aborted as
 * `cancelled`, anything else logged once and turned into `internal_error` without its message.
 */
export function inProcessFailure(error: unknown, logger: Logger, method: string, signal?: AbortSignal): AppError {
  if (isAppError(error)) {
    if (error.kind === "internal") logger.error({ err: error, method }, "internal error");
    return error;
  }
  if (signal?.aborted) return new AppError("cancelled", "cancelled", "The call was cancelled", { cause: error });
  logger.error({ err: error, method }, "unhandled error in an in-process call");
  return new AppError("internal", "internal_error", "Internal error", { cause: error });
}
