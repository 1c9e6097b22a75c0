import type { Logger } from "@chatbot/core";
import { protos, unaryHandlers, type HandlerRuntime, type UnaryCalls, type apiKeysV1 } from "@chatbot/grpc";
import type { ApiKeyService } from "../domain/api-key.service";
import type { ApiKeyRecord } from "../domain/api-key.types";

function toProtoApiKey(record: ApiKeyRecord): apiKeysV1.ApiKey {
  return {
    key_id: record.keyId,
    tenant_id: record.tenantId,
    name: record.name,
    created_at: record.createdAt.toISOString(),
    last_used_at: record.lastUsedAt?.toISOString() ?? "",
    revoked_at: record.revokedAt?.toISOString() ?? "",
  };
}

export function createApiKeyHandlers(service: ApiKeyService, runtime: HandlerRuntime): apiKeysV1.Handlers {
  return unaryHandlers(runtime, createApiKeyCalls(service, runtime.logger));
}

/** The API key calls in wire types, for the gRPC server and for a gateway running the service in-process. */
export function createApiKeyCalls(service: ApiKeyService, logger: Logger): UnaryCalls<apiKeysV1.Handlers> {
  return {
    CreateApiKey: async (request: apiKeysV1.CreateApiKeyRequest) => {
      const created = await service.createKey({ tenantId: request.tenant_id, name: request.name });
      return { api_key: toProtoApiKey(created.apiKey), key: created.key };
    },

    CreateInitialApiKey: async (request: apiKeysV1.CreateApiKeyRequest) => {
      const created = await service.createInitialKey({ tenantId: request.tenant_id, name: request.name });
      if (!created) return { created: false, api_key: null, key: "" };
      // Never the key itself: only the gateway that asked prints it, once.
      logger.info({ key_id: created.apiKey.keyId, tenant: created.apiKey.tenantId }, "created the initial API key");
      return { created: true, api_key: toProtoApiKey(created.apiKey), key: created.key };
    },

    ListApiKeys: async (request: apiKeysV1.ListApiKeysRequest) => {
      const keys = await service.listKeys({ tenantId: request.tenant_id });
      return { api_keys: keys.map(toProtoApiKey) };
    },

    RevokeApiKey: async (request: apiKeysV1.RevokeApiKeyRequest) => {
      return toProtoApiKey(await service.revokeKey({ keyId: request.key_id }));
    },

    ResolveApiKey: async (request: apiKeysV1.ResolveApiKeyRequest) => {
      const resolved = await service.resolveKey({ keySha256: request.key_sha256 });
      return { key_id: resolved.keyId, tenant_id: resolved.tenantId };
    },
  };
}

/** chatbot.session.v1.ApiKeys as the arguments of `server.addService`, served beside SessionService. */
export function apiKeysService(service: ApiKeyService, runtime: HandlerRuntime) {
  return [protos.apiKeys().ApiKeys.service, createApiKeyHandlers(service, runtime)] as const;
}
