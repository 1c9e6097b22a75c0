import { z } from "zod";
import { env } from "@chatbot/core";
import { grpcSecurityFields, hasTls, requireCompleteTls } from "./grpc-security-config";
import { DEFAULT_GRPC_HOST, isLoopbackHost } from "./loopback";

/** Variables every backend service reads; each service extends this with its own. */
export function baseServiceSchema(defaults: { grpcPort: number; adminPort: number }) {
  return z
    .object({
      LOG_LEVEL: env.logLevel(),
      /** Interface the gRPC and admin servers bind to; loopback unless a deployment opens it. */
      GRPC_HOST: z.string().default(DEFAULT_GRPC_HOST),
      GRPC_PORT: env.port(defaults.grpcPort),
      /** Prometheus /metrics and /livez; 0 picks a free port. */
      ADMIN_PORT: env.port(defaults.adminPort),
      /** Embedded stores (PGlite) keep their files here. */
      DATA_DIR: z.string().default("./data"),
      ...grpcSecurityFields,
    })
    .superRefine((config, context) => {
      requireCompleteTls(config, context);
      // Anyone who reaches an open listener could otherwise call it, e.g. mint API keys.
      if (!isLoopbackHost(config.GRPC_HOST) && !config.INTERNAL_TOKEN && !hasTls(config)) {
        context.addIssue({
          code: "custom",
          path: ["INTERNAL_TOKEN"],
          message: `must be set because GRPC_HOST (${config.GRPC_HOST}) is not a loopback address (or set GRPC_TLS_CERT, GRPC_TLS_KEY and GRPC_TLS_CA)`,
        });
      }
    });
}

export type BaseServiceConfig = z.infer<ReturnType<typeof baseServiceSchema>>;
