import type { Logger } from "@chatbot/core";
import type { ProviderName } from "../../domain/generation.types";

export type DropWarner = (parameter: string, reason: string) => void;

/**
 * A parameter a provider cannot take is dropped with a warning rather than failing
 * the request. Most callers send the same parameters every time, so the warning is
 * logged once per parameter and provider; later drops go to debug.
 */
export function createDropWarner(logger: Logger, provider: ProviderName): DropWarner {
  const warned = new Set<string>();
  return (parameter, reason) => {
    const first = !warned.has(parameter);
    warned.add(parameter);
    logger[first ? "warn" : "debug"]({ provider, parameter }, `dropping ${parameter}: ${reason}`);
  };
}
