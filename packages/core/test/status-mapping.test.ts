import { ERROR_KINDS, GrpcCode, grpcCodeOf, httpStatusOf, kindOfGrpcCode } from "../src";

describe("error kind status mapping", () => {
  it("gives every kind the HTTP status clients are promised", () => {
    expect(Object.fromEntries(ERROR_KINDS.map((kind) => [kind, httpStatusOf(kind)]))).toEqual({
      invalid_argument: 422,
      malformed_request: 400,
      unauthenticated: 401,
      permission_denied: 403,
      not_found: 404,
      conflict: 409,
      payload_too_large: 413,
      unsupported_media_type: 415,
      resource_exhausted: 429,
      cancelled: 499,
      unavailable: 503,
      deadline_exceeded: 504,
      bad_gateway: 502,
      internal: 500,
    });
  });

  it("reads a bare gRPC status back as the kind with the same meaning", () => {
    for (const kind of ["not_found", "unavailable", "deadline_exceeded", "resource_exhausted", "unauthenticated"] as const) {
      expect(kindOfGrpcCode(grpcCodeOf(kind))).toBe(kind);
    }
    expect(kindOfGrpcCode(GrpcCode.UNKNOWN)).toBe("internal");
  });
});
