import * as grpc from "@grpc/grpc-js";
import { AppError, grpcCodeOf, isAppError, isErrorKind, kindOfGrpcCode } from "@chatbot/core";
import { INTERNAL_TOKEN_REJECTED } from "./security/internal-token";

const KIND = "chatbot-error-kind";
const CODE = "chatbot-error-code";
// Binary ("-bin") so details may hold any text, Korean included; plain metadata is ASCII only.
const DETAILS = "chatbot-error-details-bin";
const RETRY_AFTER = "chatbot-retry-after";

/**
 * Server edge: an AppError crosses the wire with its kind, code and details in
 * trailing metadata; anything else becomes INTERNAL without leaking its message.
 */
export function toServiceError(error: unknown): Partial<grpc.StatusObject> {
  if (!isAppError(error)) {
    return { code: grpc.status.INTERNAL, details: "Internal error", metadata: metadataFor("internal", "internal_error") };
  }
  const metadata = metadataFor(error.kind, error.code);
  if (error.details !== undefined) metadata.set(DETAILS, Buffer.from(JSON.stringify(error.details), "utf8"));
  if (error.retryAfterSeconds !== undefined) metadata.set(RETRY_AFTER, String(error.retryAfterSeconds));
  return { code: grpcCodeOf(error.kind), details: error.message, metadata };
}

function metadataFor(kind: string, code: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set(KIND, kind);
  metadata.set(CODE, code);
  return metadata;
}

/**
 * Client edge: rebuilds the AppError a peer sent, or describes a transport failure
 * (peer down, deadline passed) as a typed error naming the peer.
 */
export function fromServiceError(error: unknown, peer: string): AppError {
  if (isAppError(error)) return error;
  const serviceError = error as Partial<grpc.ServiceError>;
  const metadata = serviceError.metadata;
  const kind = metadata?.get(KIND)[0];
  const code = metadata?.get(CODE)[0];
  if (code === INTERNAL_TOKEN_REJECTED) {
    // This process is misconfigured, not its caller: a public client must not read it as its own 401.
    return new AppError("internal", "internal_auth_failed", `The ${peer} service rejected this service's internal token`, { cause: error });
  }
  if (isErrorKind(kind) && typeof code === "string") {
    const rawDetails = metadata?.get(DETAILS)[0];
    const retryAfter = metadata?.get(RETRY_AFTER)[0];
    return new AppError(kind, code, serviceError.details || code, {
      details: Buffer.isBuffer(rawDetails) ? safeJson(rawDetails.toString("utf8")) : undefined,
      retryAfterSeconds: retryAfter === undefined ? undefined : Number(retryAfter),
      cause: error,
    });
  }
  const grpcCode = typeof serviceError.code === "number" ? serviceError.code : grpc.status.UNKNOWN;
  switch (grpcCode) {
    case grpc.status.UNAVAILABLE:
      return new AppError("unavailable", "service_unavailable", `The ${peer} service is unavailable`, { cause: error });
    case grpc.status.DEADLINE_EXCEEDED:
      return new AppError("deadline_exceeded", "service_timeout", `The ${peer} service did not answer in time`, {
        cause: error,
      });
    case grpc.status.CANCELLED:
      return new AppError("cancelled", "cancelled", "The call was cancelled", { cause: error });
    default:
      return new AppError(kindOfGrpcCode(grpcCode), "upstream_error", `The ${peer} service failed`, { cause: error });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
