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

/**
 * Key → tenant through the session service, remembered briefly so that an
 * authenticated request usually costs no gRPC call. Only live keys are remembered:
 * a wrong key is asked about every time (it is rare, and caching it would let a
 * flood of random keys push out the real ones).
 */
export class ApiKeyResolver {
  private readonly cache = new Map<string, Principal & { until: number }>();
  private readonly now: () => number;

  constructor(
    private readonly client: ApiKeysClient,
    private readonly options: ApiKeyResolverOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The key's tenant; null for an unknown or revoked key. Session service trouble propagates. */
  async resolve(key: string, signal?: AbortSignal): Promise<Principal | null> {
    const hash = hashApiKey(key);
    const cached = this.cache.get(hash);
    if (cached && cached.until > this.now()) return { keyId: cached.keyId, tenantId: cached.tenantId };
    this.cache.delete(hash);
    try {
      const resolved = await this.client.resolveApiKey({ key_sha256: hash }, { signal, timeoutMs: 3000 });
      const principal = { keyId: resolved.key_id, tenantId: resolved.tenant_id };
      if (this.options.ttlMs > 0) this.remember(hash, principal);
      return principal;
    } catch (error) {
      if (isAppError(error) && error.kind === "not_found") return null;
      throw error;
    }
  }

  /** Drops a revoked key at once (other gateway instances notice within the TTL). */
  forget(keyId: string): void {
    for (const [hash, entry] of this.cache) if (entry.keyId === keyId) this.cache.delete(hash);
  }

  private remember(hash: string, principal: Principal): void {
    const limit = this.options.maxEntries ?? 10_000;
    while (this.cache.size >= limit) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    this.cache.set(hash, { ...principal, until: this.now() + this.options.ttlMs });
  }
}
