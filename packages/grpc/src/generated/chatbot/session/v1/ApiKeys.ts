// Original file: proto/chatbot/session/v1/api_keys.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ApiKey as _chatbot_session_v1_ApiKey, ApiKey__Output as _chatbot_session_v1_ApiKey__Output } from '../../../chatbot/session/v1/ApiKey';
import type { CreateApiKeyRequest as _chatbot_session_v1_CreateApiKeyRequest, CreateApiKeyRequest__Output as _chatbot_session_v1_CreateApiKeyRequest__Output } from '../../../chatbot/session/v1/CreateApiKeyRequest';
import type { CreatedApiKey as _chatbot_session_v1_CreatedApiKey, CreatedApiKey__Output as _chatbot_session_v1_CreatedApiKey__Output } from '../../../chatbot/session/v1/CreatedApiKey';
import type { InitialApiKey as _chatbot_session_v1_InitialApiKey, InitialApiKey__Output as _chatbot_session_v1_InitialApiKey__Output } from '../../../chatbot/session/v1/InitialApiKey';
import type { ListApiKeysRequest as _chatbot_session_v1_ListApiKeysRequest, ListApiKeysRequest__Output as _chatbot_session_v1_ListApiKeysRequest__Output } from '../../../chatbot/session/v1/ListApiKeysRequest';
import type { ListApiKeysResponse as _chatbot_session_v1_ListApiKeysResponse, ListApiKeysResponse__Output as _chatbot_session_v1_ListApiKeysResponse__Output } from '../../../chatbot/session/v1/ListApiKeysResponse';
import type { ResolveApiKeyRequest as _chatbot_session_v1_ResolveApiKeyRequest, ResolveApiKeyRequest__Output as _chatbot_session_v1_ResolveApiKeyRequest__Output } from '../../../chatbot/session/v1/ResolveApiKeyRequest';
import type { ResolvedApiKey as _chatbot_session_v1_ResolvedApiKey, ResolvedApiKey__Output as _chatbot_session_v1_ResolvedApiKey__Output } from '../../../chatbot/session/v1/ResolvedApiKey';
import type { RevokeApiKeyRequest as _chatbot_session_v1_RevokeApiKeyRequest, RevokeApiKeyRequest__Output as _chatbot_session_v1_RevokeApiKeyRequest__Output } from '../../../chatbot/session/v1/RevokeApiKeyRequest';

/**
 * API keys for the public HTTP API. A key belongs to one tenant; only its SHA-256
 * is stored, so the key itself is returned once, by CreateApiKey, and never again.
 */
export interface ApiKeysClient extends grpc.Client {
  CreateApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_CreatedApiKey__Output>): grpc.ClientUnaryCall;
  CreateApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_CreatedApiKey__Output>): grpc.ClientUnaryCall;
  CreateApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_CreatedApiKey__Output>): grpc.ClientUnaryCall;
  CreateApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, callback: grpc.requestCallback<_chatbot_session_v1_CreatedApiKey__Output>): grpc.ClientUnaryCall;
  createApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_CreatedApiKey__Output>): grpc.ClientUnaryCall;
  createApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_CreatedApiKey__Output>): grpc.ClientUnaryCall;
  createApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_CreatedApiKey__Output>): grpc.ClientUnaryCall;
  createApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, callback: grpc.requestCallback<_chatbot_session_v1_CreatedApiKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * The first key of a new installation: creates a key as CreateApiKey does, but only while
   * the store has never held one (revoked keys count), and answers created = false
   * otherwise. Calls at the same moment (several gateways starting) are serialised, so at
   * most one of them ever gets a key.
   */
  CreateInitialApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_InitialApiKey__Output>): grpc.ClientUnaryCall;
  CreateInitialApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_InitialApiKey__Output>): grpc.ClientUnaryCall;
  CreateInitialApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_InitialApiKey__Output>): grpc.ClientUnaryCall;
  CreateInitialApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, callback: grpc.requestCallback<_chatbot_session_v1_InitialApiKey__Output>): grpc.ClientUnaryCall;
  /**
   * The first key of a new installation: creates a key as CreateApiKey does, but only while
   * the store has never held one (revoked keys count), and answers created = false
   * otherwise. Calls at the same moment (several gateways starting) are serialised, so at
   * most one of them ever gets a key.
   */
  createInitialApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_InitialApiKey__Output>): grpc.ClientUnaryCall;
  createInitialApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_InitialApiKey__Output>): grpc.ClientUnaryCall;
  createInitialApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_InitialApiKey__Output>): grpc.ClientUnaryCall;
  createInitialApiKey(argument: _chatbot_session_v1_CreateApiKeyRequest, callback: grpc.requestCallback<_chatbot_session_v1_InitialApiKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * Every key (revoked ones included), newest first; optionally one tenant's.
   */
  ListApiKeys(argument: _chatbot_session_v1_ListApiKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  ListApiKeys(argument: _chatbot_session_v1_ListApiKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  ListApiKeys(argument: _chatbot_session_v1_ListApiKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  ListApiKeys(argument: _chatbot_session_v1_ListApiKeysRequest, callback: grpc.requestCallback<_chatbot_session_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Every key (revoked ones included), newest first; optionally one tenant's.
   */
  listApiKeys(argument: _chatbot_session_v1_ListApiKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  listApiKeys(argument: _chatbot_session_v1_ListApiKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  listApiKeys(argument: _chatbot_session_v1_ListApiKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  listApiKeys(argument: _chatbot_session_v1_ListApiKeysRequest, callback: grpc.requestCallback<_chatbot_session_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The tenant of a live key, by the key's SHA-256 (hex); NOT_FOUND for an unknown or
   * revoked key. Records the key's last use.
   */
  ResolveApiKey(argument: _chatbot_session_v1_ResolveApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ResolvedApiKey__Output>): grpc.ClientUnaryCall;
  ResolveApiKey(argument: _chatbot_session_v1_ResolveApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ResolvedApiKey__Output>): grpc.ClientUnaryCall;
  ResolveApiKey(argument: _chatbot_session_v1_ResolveApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ResolvedApiKey__Output>): grpc.ClientUnaryCall;
  ResolveApiKey(argument: _chatbot_session_v1_ResolveApiKeyRequest, callback: grpc.requestCallback<_chatbot_session_v1_ResolvedApiKey__Output>): grpc.ClientUnaryCall;
  /**
   * The tenant of a live key, by the key's SHA-256 (hex); NOT_FOUND for an unknown or
   * revoked key. Records the key's last use.
   */
  resolveApiKey(argument: _chatbot_session_v1_ResolveApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ResolvedApiKey__Output>): grpc.ClientUnaryCall;
  resolveApiKey(argument: _chatbot_session_v1_ResolveApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ResolvedApiKey__Output>): grpc.ClientUnaryCall;
  resolveApiKey(argument: _chatbot_session_v1_ResolveApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ResolvedApiKey__Output>): grpc.ClientUnaryCall;
  resolveApiKey(argument: _chatbot_session_v1_ResolveApiKeyRequest, callback: grpc.requestCallback<_chatbot_session_v1_ResolvedApiKey__Output>): grpc.ClientUnaryCall;
  
  /**
   * Revoking a revoked key succeeds again; an unknown key_id answers NOT_FOUND.
   */
  RevokeApiKey(argument: _chatbot_session_v1_RevokeApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  RevokeApiKey(argument: _chatbot_session_v1_RevokeApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  RevokeApiKey(argument: _chatbot_session_v1_RevokeApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  RevokeApiKey(argument: _chatbot_session_v1_RevokeApiKeyRequest, callback: grpc.requestCallback<_chatbot_session_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  /**
   * Revoking a revoked key succeeds again; an unknown key_id answers NOT_FOUND.
   */
  revokeApiKey(argument: _chatbot_session_v1_RevokeApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  revokeApiKey(argument: _chatbot_session_v1_RevokeApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  revokeApiKey(argument: _chatbot_session_v1_RevokeApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  revokeApiKey(argument: _chatbot_session_v1_RevokeApiKeyRequest, callback: grpc.requestCallback<_chatbot_session_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  
}

/**
 * API keys for the public HTTP API. A key belongs to one tenant; only its SHA-256
 * is stored, so the key itself is returned once, by CreateApiKey, and never again.
 */
export interface ApiKeysHandlers extends grpc.UntypedServiceImplementation {
  CreateApiKey: grpc.handleUnaryCall<_chatbot_session_v1_CreateApiKeyRequest__Output, _chatbot_session_v1_CreatedApiKey>;
  
  /**
   * The first key of a new installation: creates a key as CreateApiKey does, but only while
   * the store has never held one (revoked keys count), and answers created = false
   * otherwise. Calls at the same moment (several gateways starting) are serialised, so at
   * most one of them ever gets a key.
   */
  CreateInitialApiKey: grpc.handleUnaryCall<_chatbot_session_v1_CreateApiKeyRequest__Output, _chatbot_session_v1_InitialApiKey>;
  
  /**
   * Every key (revoked ones included), newest first; optionally one tenant's.
   */
  ListApiKeys: grpc.handleUnaryCall<_chatbot_session_v1_ListApiKeysRequest__Output, _chatbot_session_v1_ListApiKeysResponse>;
  
  /**
   * The tenant of a live key, by the key's SHA-256 (hex); NOT_FOUND for an unknown or
   * revoked key. Records the key's last use.
   */
  ResolveApiKey: grpc.handleUnaryCall<_chatbot_session_v1_ResolveApiKeyRequest__Output, _chatbot_session_v1_ResolvedApiKey>;
  
  /**
   * Revoking a revoked key succeeds again; an unknown key_id answers NOT_FOUND.
   */
  RevokeApiKey: grpc.handleUnaryCall<_chatbot_session_v1_RevokeApiKeyRequest__Output, _chatbot_session_v1_ApiKey>;
  
}

export interface ApiKeysDefinition extends grpc.ServiceDefinition {
  CreateApiKey: MethodDefinition<_chatbot_session_v1_CreateApiKeyRequest, _chatbot_session_v1_CreatedApiKey, _chatbot_session_v1_CreateApiKeyRequest__Output, _chatbot_session_v1_CreatedApiKey__Output>
  CreateInitialApiKey: MethodDefinition<_chatbot_session_v1_CreateApiKeyRequest, _chatbot_session_v1_InitialApiKey, _chatbot_session_v1_CreateApiKeyRequest__Output, _chatbot_session_v1_InitialApiKey__Output>
  ListApiKeys: MethodDefinition<_chatbot_session_v1_ListApiKeysRequest, _chatbot_session_v1_ListApiKeysResponse, _chatbot_session_v1_ListApiKeysRequest__Output, _chatbot_session_v1_ListApiKeysResponse__Output>
  ResolveApiKey: MethodDefinition<_chatbot_session_v1_ResolveApiKeyRequest, _chatbot_session_v1_ResolvedApiKey, _chatbot_session_v1_ResolveApiKeyRequest__Output, _chatbot_session_v1_ResolvedApiKey__Output>
  RevokeApiKey: MethodDefinition<_chatbot_session_v1_RevokeApiKeyRequest, _chatbot_session_v1_ApiKey, _chatbot_session_v1_RevokeApiKeyRequest__Output, _chatbot_session_v1_ApiKey__Output>
}
