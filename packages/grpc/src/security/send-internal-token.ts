import * as grpc from "@grpc/grpc-js";
import { INTERNAL_TOKEN_METADATA_KEY, bearer } from "./internal-token";

/** Client interceptor: adds the internal token to every call's metadata, streams included. */
export function sendInternalToken(token: string): grpc.Interceptor {
  const value = bearer(token);
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set(INTERNAL_TOKEN_METADATA_KEY, value);
        next(metadata, listener);
      },
    });
}
