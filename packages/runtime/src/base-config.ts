import { z } from "zod";
import { env } from "@chatbot/core";
import { grpcSecurityFields, requireCompleteTls } from "./grpc-security-config";

/** Variables every backend service reads; each service extends this with its own. */
export function baseServiceSchema(defaults: { grpcPort: number; adminPort: number }) {
  return z
    .object({
      LOG_LEVEL: env.logLevel(),
      /** Interface the gRPC and admin servers bind to. */
      GRPC_HOST: z.string().default("0.0.0.0"),
      GRPC_PORT: env.port(defaults.grpcPort),
      /** Prometheus /metrics and /livez; 0 picks a free port. */
      ADMIN_PORT: env.port(defaults.adminPort),
      /** Embedded stores (PGlite) keep their files here. */
      DATA_DIR: z.string().default("./data"),
      ...grpcSecurityFields,
    })
    .superRefine(requireCompleteTls);
}

export type BaseServiceConfig = z.infer<ReturnType<typeof baseServiceSchema>>;
