import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ApiKey as _chatbot_session_v1_ApiKey, ApiKey__Output as _chatbot_session_v1_ApiKey__Output } from './chatbot/session/v1/ApiKey';
import type { ApiKeysClient as _chatbot_session_v1_ApiKeysClient, ApiKeysDefinition as _chatbot_session_v1_ApiKeysDefinition } from './chatbot/session/v1/ApiKeys';
import type { CreateApiKeyRequest as _chatbot_session_v1_CreateApiKeyRequest, CreateApiKeyRequest__Output as _chatbot_session_v1_CreateApiKeyRequest__Output } from './chatbot/session/v1/CreateApiKeyRequest';
import type { CreatedApiKey as _chatbot_session_v1_CreatedApiKey, CreatedApiKey__Output as _chatbot_session_v1_CreatedApiKey__Output } from './chatbot/session/v1/CreatedApiKey';
import type { InitialApiKey as _chatbot_session_v1_InitialApiKey, InitialApiKey__Output as _chatbot_session_v1_InitialApiKey__Output } from './chatbot/session/v1/InitialApiKey';
import type { ListApiKeysRequest as _chatbot_session_v1_ListApiKeysRequest, ListApiKeysRequest__Output as _chatbot_session_v1_ListApiKeysRequest__Output } from './chatbot/session/v1/ListApiKeysRequest';
import type { ListApiKeysResponse as _chatbot_session_v1_ListApiKeysResponse, ListApiKeysResponse__Output as _chatbot_session_v1_ListApiKeysResponse__Output } from './chatbot/session/v1/ListApiKeysResponse';
import type { ResolveApiKeyRequest as _chatbot_session_v1_ResolveApiKeyRequest, ResolveApiKeyRequest__Output as _chatbot_session_v1_ResolveApiKeyRequest__Output } from './chatbot/session/v1/ResolveApiKeyRequest';
import type { ResolvedApiKey as _chatbot_session_v1_ResolvedApiKey, ResolvedApiKey__Output as _chatbot_session_v1_ResolvedApiKey__Output } from './chatbot/session/v1/ResolvedApiKey';
import type { RevokeApiKeyRequest as _chatbot_session_v1_RevokeApiKeyRequest, RevokeApiKeyRequest__Output as _chatbot_session_v1_RevokeApiKeyRequest__Output } from './chatbot/session/v1/RevokeApiKeyRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  chatbot: {
    session: {
      v1: {
        ApiKey: MessageTypeDefinition<_chatbot_session_v1_ApiKey, _chatbot_session_v1_ApiKey__Output>
        /**
         * API keys for the public HTTP API. A key belongs to one tenant; only its SHA-256
         * is stored, so the key itself is returned once, by CreateApiKey, and never again.
         */
        ApiKeys: SubtypeConstructor<typeof grpc.Client, _chatbot_session_v1_ApiKeysClient> & { service: _chatbot_session_v1_ApiKeysDefinition }
        CreateApiKeyRequest: MessageTypeDefinition<_chatbot_session_v1_CreateApiKeyRequest, _chatbot_session_v1_CreateApiKeyRequest__Output>
        CreatedApiKey: MessageTypeDefinition<_chatbot_session_v1_CreatedApiKey, _chatbot_session_v1_CreatedApiKey__Output>
        InitialApiKey: MessageTypeDefinition<_chatbot_session_v1_InitialApiKey, _chatbot_session_v1_InitialApiKey__Output>
        ListApiKeysRequest: MessageTypeDefinition<_chatbot_session_v1_ListApiKeysRequest, _chatbot_session_v1_ListApiKeysRequest__Output>
        ListApiKeysResponse: MessageTypeDefinition<_chatbot_session_v1_ListApiKeysResponse, _chatbot_session_v1_ListApiKeysResponse__Output>
        ResolveApiKeyRequest: MessageTypeDefinition<_chatbot_session_v1_ResolveApiKeyRequest, _chatbot_session_v1_ResolveApiKeyRequest__Output>
        ResolvedApiKey: MessageTypeDefinition<_chatbot_session_v1_ResolvedApiKey, _chatbot_session_v1_ResolvedApiKey__Output>
        RevokeApiKeyRequest: MessageTypeDefinition<_chatbot_session_v1_RevokeApiKeyRequest, _chatbot_session_v1_RevokeApiKeyRequest__Output>
      }
    }
  }
}

