import { z } from "zod";

/** Thrown when the environment does not satisfy a service's configuration schema. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL/i;

/**
 * Parses the environment once, at start-up. Empty strings count as unset so that
 * `FOO=` in a compose file falls back to the default instead of failing.
 * The first problem is reported as one line that names the variable.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env = process.env): z.infer<S> {
  const cleaned: Env = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== "") cleaned[key] = value.trim();
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = issue.path.length > 0 ? String(issue.path[0]) : "environment";
  // Secrets are never echoed, not even a rejected one: start-up errors end up in logs.
  const secret = SECRET_NAME.test(variable);
  const got = variable in cleaned && !secret ? ` (got ${JSON.stringify(cleaned[variable])})` : "";
  throw new ConfigError(`Invalid configuration: ${variable}: ${issue.message}${got}`);
}

/** Reusable field schemas with messages an operator can act on. */
export const env = {
  port: (fallback: number) =>
    z.coerce
      .number({ error: "must be a port number" })
      .int("must be a whole number")
      .min(0, "must be between 0 and 65535")
      .max(65535, "must be between 0 and 65535")
      .default(fallback),
  positiveInt: (fallback: number) => z.coerce.number({ error: "must be a number" }).int("must be a whole number").positive("must be positive").default(fallback),
  nonNegativeInt: (fallback: number) => z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(0, "must not be negative").default(fallback),
  number: (fallback: number, min: number, max: number) =>
    z.coerce.number({ error: "must be a number" }).min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`).default(fallback),
  url: (protocols: string[]) =>
    z
      .string()
      .refine(
        (value) => {
          try {
            return protocols.includes(new URL(value).protocol.replace(":", ""));
          } catch {
            return false;
          }
        },
        `must be a URL starting with ${protocols.map((p) => `${p}://`).join(" or ")}`,
      )
      .optional(),
  /** host:port of a gRPC peer. */
  address: (fallback: string) =>
    z
      .string()
      .regex(/^[\w.-]+:\d{1,5}$|^\[[\da-fA-F:]+\]:\d{1,5}$/, "must be host:port")
      .default(fallback),
  list: () =>
    z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .optional(),
  logLevel: () => z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
};
