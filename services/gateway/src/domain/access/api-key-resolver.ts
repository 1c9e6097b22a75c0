import { createHash } from "node:crypto";
import { isAppError } from "@chatbot/core";
import type { ApiKeysClient } from "./api-keys.client";

export interface Principal {
  keyId: string;
  tenantId: string;
}

export interface ApiKeyResolverOptions {
  /** How long a resolved key is trusted without asking again; 0 asks every time. */
  ttlMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export interface ApiKeyResolver {
  /** The key's tenant; null for an unknown or revoked key. Session service trouble propagates. */
  resolve(key: string, signal?: AbortSignal): Promise<Principal | null>;
  /** Drops a revoked key at once (other gateway instances notice within the TTL). */
  forget(keyId: string): void;
}

/**
 * Key → tenant through the session service, remembered briefly so that an
 * authenticated request usually costs no gRPC call. Only live keys are remembered:
 * a wrong key is asked about every time (it is rare, and caching it would let a
 * flood of random keys push out the real ones).
 */
export function createApiKeyResolver(client: ApiKeysClient, options: ApiKeyResolverOptions): ApiKeyResolver {
  const cache = new Map<string, Principal & { until: number }>();
  const now = options.now ?? Date.now;

  const remember = (hash: string, principal: Principal): void => {
    const limit = options.maxEntries ?? 10_000;
    while (cache.size >= limit) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
    cache.set(hash, { ...principal, until: now() + options.ttlMs });
  };

  return {
    async resolve(key, signal) {
      const hash = hashApiKey(key);
      const cached = cache.get(hash);
      if (cached && cached.until > now()) return { keyId: cached.keyId, tenantId: cached.tenantId };
      cache.delete(hash);
      try {
        const resolved = await client.resolveApiKey({ key_sha256: hash }, { signal, timeoutMs: 3000 });
        const principal = { keyId: resolved.key_id, tenantId: resolved.tenant_id };
        if (options.ttlMs > 0) remember(hash, principal);
        return principal;
      } catch (error) {
        if (isAppError(error) && error.kind === "not_found") return null;
        throw error;
      }
    },

    forget(keyId) {
      for (const [hash, entry] of cache) if (entry.keyId === keyId) cache.delete(hash);
    },
  };
}
