import type { UnaryInvoker, apiKeysV1 } from "@chatbot/grpc";
import type { ApiKeysClient } from "../domain/access/api-keys.client";

/** The API keys port over the session service's key calls (API keys live there), wherever they run. */
export function createApiKeysClient(call: UnaryInvoker<apiKeysV1.Client>): ApiKeysClient {
  return {
    createApiKey: (request, options) => call("CreateApiKey", request, options),
    listApiKeys: (request, options) => call("ListApiKeys", request, options),
    revokeApiKey: (request, options) => call("RevokeApiKey", request, options),
    resolveApiKey: (request, options) => call("ResolveApiKey", request, options),
    createInitialApiKey: (request, options) => call("CreateInitialApiKey", request, options),
  };
}
