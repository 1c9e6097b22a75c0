import type { ApiKeyRecord, ResolvedApiKey } from "./api-key.types";

/** Persistence of API keys: a key is found by the SHA-256 of its secret, never by the secret. */
export interface ApiKeyStore {
  insertKey(record: ApiKeyRecord, keySha256: string): Promise<void>;

  /**
   * Inserts the key only while the store has never held one (revoked keys count); true if it
   * did. Concurrent calls are serialised, so of callers racing on an empty store one gets true.
   */
  insertFirstKey(record: ApiKeyRecord, keySha256: string): Promise<boolean>;

  /** Newest first; every tenant's when `tenantId` is null. */
  listKeys(tenantId: string | null): Promise<ApiKeyRecord[]>;

  /** Sets `revoked_at` once (a second revoke keeps the first time); null for an unknown key. */
  revokeKey(keyId: string, now: Date): Promise<ApiKeyRecord | null>;

  /** The live (not revoked) key with this hash, recording `now` as its last use; null otherwise. */
  resolveKey(keySha256: string, now: Date): Promise<ResolvedApiKey | null>;
}
