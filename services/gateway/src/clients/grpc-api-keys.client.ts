import { callUnary, type apiKeysV1 } from "@chatbot/grpc";
import type { ApiKeysClient } from "../domain/access/api-keys.client";

/** API keys live in the session service. */
const PEER = "session";

export function createGrpcApiKeysClient(channel: apiKeysV1.Client): ApiKeysClient {
  return {
    createApiKey: (request, options) => callUnary(channel, PEER, "CreateApiKey", request, options),
    listApiKeys: (request, options) => callUnary(channel, PEER, "ListApiKeys", request, options),
    revokeApiKey: (request, options) => callUnary(channel, PEER, "RevokeApiKey", request, options),
    resolveApiKey: (request, options) => callUnary(channel, PEER, "ResolveApiKey", request, options),
    createInitialApiKey: (request, options) => callUnary(channel, PEER, "CreateInitialApiKey", request, options),
  };
}
