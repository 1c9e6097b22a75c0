import { accessSync, constants, readFileSync } from "node:fs";
import { z } from "zod";
import type { GrpcSecurity } from "@chatbot/grpc";

export const INTERNAL_TOKEN_MIN_LENGTH = 16;

const readableFile = () =>
  z
    .string()
    .refine((path) => {
      try {
        accessSync(path, constants.R_OK);
        return true;
      } catch {
        return false;
      }
    }, "must be the path of a readable file")
    .optional();

/**
 * Variables that secure calls between services. The gateway reads them as a client;
 * backends as servers (every call must present them) and as clients of their peers.
 */
export const grpcSecurityFields = {
  /** Shared secret sent as `authorization: Bearer <token>` on every gRPC call. */
  INTERNAL_TOKEN: z.string().min(INTERNAL_TOKEN_MIN_LENGTH, `must be at least ${INTERNAL_TOKEN_MIN_LENGTH} characters`).optional(),
  /** PEM files for mutual TLS: this process's certificate and key, and the CA both sides trust. */
  GRPC_TLS_CERT: readableFile(),
  GRPC_TLS_KEY: readableFile(),
  GRPC_TLS_CA: readableFile(),
};

export interface GrpcSecurityVariables {
  INTERNAL_TOKEN?: string | undefined;
  GRPC_TLS_CERT?: string | undefined;
  GRPC_TLS_KEY?: string | undefined;
  GRPC_TLS_CA?: string | undefined;
}

const TLS_VARIABLES = ["GRPC_TLS_CERT", "GRPC_TLS_KEY", "GRPC_TLS_CA"] as const;

export function hasTls(config: GrpcSecurityVariables): boolean {
  return TLS_VARIABLES.every((name) => config[name] !== undefined);
}

/** Refinement: mutual TLS needs all three files; some of them is a mistake, not plaintext. */
export function requireCompleteTls(config: GrpcSecurityVariables, context: z.RefinementCtx): void {
  const missing = TLS_VARIABLES.filter((name) => config[name] === undefined);
  if (missing.length > 0 && missing.length < TLS_VARIABLES.length) {
    context.addIssue({ code: "custom", path: [missing[0]!], message: `must be set too: ${TLS_VARIABLES.join(", ")} go together` });
  }
}

/** The parsed variables as what the gRPC helpers take; certificate files are read here, once per call. */
export function grpcSecurityOf(config: GrpcSecurityVariables): GrpcSecurity {
  const security: GrpcSecurity = {};
  if (config.INTERNAL_TOKEN) security.internalToken = config.INTERNAL_TOKEN;
  if (config.GRPC_TLS_CERT && config.GRPC_TLS_KEY && config.GRPC_TLS_CA) {
    security.tls = { cert: readFileSync(config.GRPC_TLS_CERT), key: readFileSync(config.GRPC_TLS_KEY), ca: readFileSync(config.GRPC_TLS_CA) };
  }
  return security;
}
