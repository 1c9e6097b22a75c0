import * as grpc from "@grpc/grpc-js";
import { AppError } from "@chatbot/core";
import { toServiceError } from "../error-mapping";
import { INTERNAL_TOKEN_METADATA_KEY, INTERNAL_TOKEN_REJECTED, internalTokenCheck } from "./internal-token";

/**
 * grpc.health.v1 stays open: kubelet's gRPC probes cannot send metadata, and the
 * answer (SERVING or not) tells a caller nothing it could not learn by connecting.
 */
const OPEN_SERVICE_PREFIX = "/grpc.health.v1.Health/";

type Status = Parameters<grpc.ServerInterceptingCallInterface["sendStatus"]>[0];

function rejection(): Status {
  const error = new AppError("unauthenticated", INTERNAL_TOKEN_REJECTED, "Missing or wrong internal service token");
  return toServiceError(error) as Status;
}

/**
 * Server interceptor: every call but health checks must carry the internal token, or is
 * answered UNAUTHENTICATED before it reaches a handler (no message is read).
 */
export function requireInternalToken(token: string): grpc.ServerInterceptor {
  const presentsToken = internalTokenCheck(token);
  return (method, call) => {
    if (method.path.startsWith(OPEN_SERVICE_PREFIX)) return new grpc.ServerInterceptingCall(call);
    return new grpc.ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, forward) {
            if (presentsToken(metadata.get(INTERNAL_TOKEN_METADATA_KEY)[0])) {
              forward(metadata);
              return;
            }
            call.sendStatus(rejection());
          },
        });
      },
    });
  };
}
