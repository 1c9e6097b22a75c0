import { z } from "zod";
import { env, parseEnv } from "@chatbot/core";
import { baseServiceSchema } from "@chatbot/runtime";

export const sessionConfigSchema = baseServiceSchema({ grpcPort: 50051, adminPort: 9101 }).extend({
  /** Real Postgres; absent means embedded PGlite under `${DATA_DIR}/session`. */
  DATABASE_URL: env.url(["postgres", "postgresql"]),
  /** A session expires this long after its last access. */
  SESSION_TIMEOUT_HOURS: z.coerce
    .number({ error: "must be a number" })
    .positive("must be positive")
    .max(24 * 365, "must be at most 8760 (one year)")
    .default(24),
  /** How often expired sessions are deleted; reads already hide them before that. */
  SESSION_SWEEP_INTERVAL_SECONDS: env.positiveInt(60),
  /**
   * A reply still unfinished this long after its turn began is listed as failed
   * (`reply_not_stored`): the gateway that ran it died or could not store it. Keep it
   * above the llm-proxy's total timeout.
   */
  SESSION_ABANDONED_REPLY_MINUTES: env.positiveInt(15),
});

export type SessionConfig = z.infer<typeof sessionConfigSchema>;

export function loadSessionConfig(environment: Record<string, string | undefined> = process.env): SessionConfig {
  return parseEnv(sessionConfigSchema, environment);
}
