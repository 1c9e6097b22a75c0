import { setTimeout as sleep } from "node:timers/promises";
import { isAppError, type Logger } from "@chatbot/core";
import type { ApiKeysClient } from "./api-keys.client";
import type { GatewayConfig } from "../../config";
import { DEFAULT_TENANT } from "./principal";

export const INITIAL_KEY_TENANT = DEFAULT_TENANT;
export const INITIAL_KEY_NAME = "initial key (created at first start)";
/** The start of the log line that carries the key: what to look for in the logs. */
export const INITIAL_KEY_MESSAGE = "Initial API key created";

/**
 * AUTH_MODE=api_key without ADMIN_API_KEY: every /api route needs a key, and without the
 * admin key no key can be made through the API. On a new installation nobody could get in.
 */
export function wantsInitialApiKey(config: Pick<GatewayConfig, "AUTH_MODE" | "ADMIN_API_KEY">): boolean {
  return config.AUTH_MODE === "api_key" && !config.ADMIN_API_KEY;
}

export interface InitialApiKeyOptions {
  client: ApiKeysClient;
  logger: Logger;
  /** Ends the wait for the session service (the gateway stops). */
  signal: AbortSignal;
  /** Wait between attempts while the session service is unavailable; default 2 s. */
  retryMs?: number;
}

/**
 * Asks the session service for the installation's first API key (tenant "default") and
 * writes it to the log once, at warn level, in a line of its own. The session service makes
 * a key only while its store has never held one, and one caller at a time, so of several
 * gateways starting together one prints a key, and a restart prints nothing.
 *
 * Where the log would not show a warn line (LOG_LEVEL error, fatal or silent), no key is
 * made: nobody could read it. Waits for the session service while it is unavailable (it may
 * start after the gateway); any other answer ends the attempt with a warning. Never rejects.
 * Resolves to the new key's id, or undefined when none was made.
 */
export async function ensureInitialApiKey(options: InitialApiKeyOptions): Promise<string | undefined> {
  const { client, logger, signal } = options;
  if (!logger.isLevelEnabled("warn")) return undefined;
  let waited = false;
  while (!signal.aborted) {
    try {
      const answer = await client.createInitialApiKey({ tenant_id: INITIAL_KEY_TENANT, name: INITIAL_KEY_NAME }, { signal, timeoutMs: 10_000 });
      if (!answer.created || !answer.api_key) {
        logger.debug("the session store holds API keys already: no initial key made");
        return undefined;
      }
      logger.warn(
        { key_id: answer.api_key.key_id, tenant: answer.api_key.tenant_id },
        `${INITIAL_KEY_MESSAGE} for tenant "${answer.api_key.tenant_id}": ${answer.key} ` +
          "(no API key existed). It is shown only this once: store it now, and send it as `Authorization: Bearer <key>`. " +
          "Make more keys with the api-keys command of the session service or, with ADMIN_API_KEY set, POST /api/admin/keys.",
      );
      return answer.api_key.key_id;
    } catch (error) {
      if (signal.aborted) return undefined;
      if (isAppError(error) && error.kind === "unavailable") {
        if (!waited) logger.info("waiting for the session service to see whether an initial API key is needed");
        waited = true;
        await sleep(options.retryMs ?? 2000, undefined, { signal }).catch(() => undefined);
        continue;
      }
      logger.warn({ err: error }, "could not ask the session service for an initial API key; if no key exists, make one with its api-keys command");
      return undefined;
    }
  }
  return undefined;
}
