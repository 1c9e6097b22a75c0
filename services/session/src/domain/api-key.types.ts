export interface ApiKeyRecord {
  keyId: string;
  tenantId: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A key just made: the secret is returned this once and never stored. */
export interface CreatedApiKey {
  apiKey: ApiKeyRecord;
  key: string;
}

export interface ResolvedApiKey {
  keyId: string;
  tenantId: string;
}
