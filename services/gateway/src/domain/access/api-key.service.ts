import type { apiKeysV1 } from "@chatbot/grpc";
import type { ApiKeyResolver } from "./api-key-resolver";
import type { ApiKeysClient } from "./api-keys.client";

export interface ApiKeyService {
  /** The key is in this answer only; just its SHA-256 is stored. */
  create(tenantId: string, name: string, signal?: AbortSignal): Promise<apiKeysV1.CreatedApiKey>;
  /** Every tenant's keys when `tenantId` is empty. */
  list(tenantId: string, signal?: AbortSignal): Promise<apiKeysV1.ApiKey[]>;
  /** Takes effect at once on this gateway instance, and within the resolver's cache time on the others. */
  revoke(keyId: string, signal?: AbortSignal): Promise<void>;
}

/** Key management for the admin routes. */
export function createApiKeyService(deps: { apiKeys: ApiKeysClient; resolver: ApiKeyResolver }): ApiKeyService {
  const { apiKeys, resolver } = deps;
  return {
    create: (tenantId, name, signal) => apiKeys.createApiKey({ tenant_id: tenantId, name }, { signal }),
    async list(tenantId, signal) {
      return (await apiKeys.listApiKeys({ tenant_id: tenantId }, { signal })).api_keys;
    },
    async revoke(keyId, signal) {
      const revoked = await apiKeys.revokeApiKey({ key_id: keyId }, { signal });
      resolver.forget(revoked.key_id);
    },
  };
}
