import { randomUUID } from "node:crypto";
import { errors, parseInput } from "@chatbot/core";
import { NewApiKeySchema, isUuid } from "./session.input";
import type { ApiKeyStore } from "./api-key.store";
import { generateApiKey, hashApiKey } from "./api-key.secret";
import type { ApiKeyRecord, CreatedApiKey, ResolvedApiKey } from "./api-key.types";

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface ApiKeyServiceOptions {
  store: ApiKeyStore;
  now: () => Date;
}

export interface ApiKeyService {
  createKey(input: { tenantId: string; name?: string }): Promise<CreatedApiKey>;
  /** A key as createKey makes it, but only while the store has never held one; null otherwise. */
  createInitialKey(input: { tenantId: string; name?: string }): Promise<CreatedApiKey | null>;
  listKeys(input: { tenantId?: string }): Promise<ApiKeyRecord[]>;
  revokeKey(input: { keyId: string }): Promise<ApiKeyRecord>;
  resolveKey(input: { keySha256: string }): Promise<ResolvedApiKey>;
}

const keyNotFound = () => errors.notFound("API key", "api_key_not_found");

export function createApiKeyService({ store, now }: ApiKeyServiceOptions): ApiKeyService {
  /** A new key for the tenant, checked, not yet stored. */
  const newKey = (tenantId: string, name: string): CreatedApiKey => {
    parseInput(NewApiKeySchema, { tenantId, name });
    const apiKey: ApiKeyRecord = {
      keyId: randomUUID(),
      tenantId,
      name,
      createdAt: now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    return { apiKey, key: generateApiKey() };
  };

  return {
    async createKey({ tenantId, name = "" }) {
      const created = newKey(tenantId, name);
      await store.insertKey(created.apiKey, hashApiKey(created.key));
      return created;
    },

    async createInitialKey({ tenantId, name = "" }) {
      const created = newKey(tenantId, name);
      return (await store.insertFirstKey(created.apiKey, hashApiKey(created.key))) ? created : null;
    },

    async listKeys({ tenantId }) {
      return store.listKeys(tenantId ? tenantId : null);
    },

    async revokeKey({ keyId }) {
      if (!isUuid(keyId)) throw keyNotFound();
      const revoked = await store.revokeKey(keyId.toLowerCase(), now());
      if (!revoked) throw keyNotFound();
      return revoked;
    },

    async resolveKey({ keySha256 }) {
      if (!SHA256_HEX.test(keySha256)) throw keyNotFound();
      const resolved = await store.resolveKey(keySha256, now());
      if (!resolved) throw keyNotFound();
      return resolved;
    },
  };
}
