import type { ErrorKind } from "./error-kind";

/**
 * gRPC status codes by number (from the gRPC spec) so that this mapping does not
 * depend on a transport library.
 */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

interface KindStatuses {
  http: number;
  grpc: number;
}

/** The single table that ties an error kind to its HTTP and gRPC status. */
const STATUSES: Record<ErrorKind, KindStatuses> = {
  invalid_argument: { http: 422, grpc: GrpcCode.INVALID_ARGUMENT },
  malformed_request: { http: 400, grpc: GrpcCode.INVALID_ARGUMENT },
  unauthenticated: { http: 401, grpc: GrpcCode.UNAUTHENTICATED },
  permission_denied: { http: 403, grpc: GrpcCode.PERMISSION_DENIED },
  not_found: { http: 404, grpc: GrpcCode.NOT_FOUND },
  conflict: { http: 409, grpc: GrpcCode.ABORTED },
  payload_too_large: { http: 413, grpc: GrpcCode.OUT_OF_RANGE },
  unsupported_media_type: { http: 415, grpc: GrpcCode.INVALID_ARGUMENT },
  resource_exhausted: { http: 429, grpc: GrpcCode.RESOURCE_EXHAUSTED },
  cancelled: { http: 499, grpc: GrpcCode.CANCELLED },
  unavailable: { http: 503, grpc: GrpcCode.UNAVAILABLE },
  deadline_exceeded: { http: 504, grpc: GrpcCode.DEADLINE_EXCEEDED },
  bad_gateway: { http: 502, grpc: GrpcCode.FAILED_PRECONDITION },
  internal: { http: 500, grpc: GrpcCode.INTERNAL },
};

export function httpStatusOf(kind: ErrorKind): number {
  return STATUSES[kind].http;
}

export function grpcCodeOf(kind: ErrorKind): number {
  return STATUSES[kind].grpc;
}

/**
 * For a gRPC error that carries no kind of ours (a peer that is down, a deadline
 * the client library enforced), the kind that best describes it.
 */
export function kindOfGrpcCode(code: number): ErrorKind {
  switch (code) {
    case GrpcCode.CANCELLED:
      return "cancelled";
    case GrpcCode.INVALID_ARGUMENT:
    case GrpcCode.OUT_OF_RANGE:
      return "invalid_argument";
    case GrpcCode.DEADLINE_EXCEEDED:
      return "deadline_exceeded";
    case GrpcCode.NOT_FOUND:
      return "not_found";
    case GrpcCode.ALREADY_EXISTS:
    case GrpcCode.ABORTED:
      return "conflict";
    case GrpcCode.PERMISSION_DENIED:
      return "permission_denied";
    case GrpcCode.UNAUTHENTICATED:
      return "unauthenticated";
    case GrpcCode.RESOURCE_EXHAUSTED:
      return "resource_exhausted";
    case GrpcCode.UNAVAILABLE:
      return "unavailable";
    case GrpcCode.FAILED_PRECONDITION:
      return "bad_gateway";
    default:
      return "internal";
  }
}
