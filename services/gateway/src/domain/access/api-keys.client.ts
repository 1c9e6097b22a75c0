import type { apiKeysV1 } from "@chatbot/grpc";
import type { CallOptions } from "../client-call.types";

/** API keys, kept by the session service. */
export interface ApiKeysClient {
  createApiKey(request: apiKeysV1.CreateApiKeyRequest, options?: CallOptions): Promise<apiKeysV1.CreatedApiKey>;
  listApiKeys(request: apiKeysV1.ListApiKeysRequest, options?: CallOptions): Promise<apiKeysV1.ListApiKeysResponse>;
  revokeApiKey(request: apiKeysV1.RevokeApiKeyRequest, options?: CallOptions): Promise<apiKeysV1.ApiKey>;
  /** Fails `not_found` for an unknown or revoked key. */
  resolveApiKey(request: apiKeysV1.ResolveApiKeyRequest, options?: CallOptions): Promise<apiKeysV1.ResolvedApiKey>;
  createInitialApiKey(request: apiKeysV1.CreateApiKeyRequest, options?: CallOptions): Promise<apiKeysV1.InitialApiKey>;
}
