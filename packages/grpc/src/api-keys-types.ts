// Generated API key types under short names for the session service and the gateway.
export type { ApiKeysClient as Client, ApiKeysHandlers as Handlers } from "./generated/chatbot/session/v1/ApiKeys";
export type { ApiKey__Output as ApiKey } from "./generated/chatbot/session/v1/ApiKey";
export type { CreateApiKeyRequest__Output as CreateApiKeyRequest } from "./generated/chatbot/session/v1/CreateApiKeyRequest";
export type { CreatedApiKey__Output as CreatedApiKey } from "./generated/chatbot/session/v1/CreatedApiKey";
export type { ListApiKeysRequest__Output as ListApiKeysRequest } from "./generated/chatbot/session/v1/ListApiKeysRequest";
export type { ListApiKeysResponse__Output as ListApiKeysResponse } from "./generated/chatbot/session/v1/ListApiKeysResponse";
export type { RevokeApiKeyRequest__Output as RevokeApiKeyRequest } from "./generated/chatbot/session/v1/RevokeApiKeyRequest";
export type { ResolveApiKeyRequest__Output as ResolveApiKeyRequest } from "./generated/chatbot/session/v1/ResolveApiKeyRequest";
export type { ResolvedApiKey__Output as ResolvedApiKey } from "./generated/chatbot/session/v1/ResolvedApiKey";
export type { InitialApiKey__Output as InitialApiKey } from "./generated/chatbot/session/v1/InitialApiKey";
