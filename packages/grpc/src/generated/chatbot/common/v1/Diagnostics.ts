// Original file: proto/chatbot/common/v1/diagnostics.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CheckStoresRequest as _chatbot_common_v1_CheckStoresRequest, CheckStoresRequest__Output as _chatbot_common_v1_CheckStoresRequest__Output } from '../../../chatbot/common/v1/CheckStoresRequest';
import type { CheckStoresResponse as _chatbot_common_v1_CheckStoresResponse, CheckStoresResponse__Output as _chatbot_common_v1_CheckStoresResponse__Output } from '../../../chatbot/common/v1/CheckStoresResponse';

/**
 * Every service answers this so the gateway can report each store's health
 * and latency without knowing how a service keeps its data.
 */
export interface DiagnosticsClient extends grpc.Client {
  CheckStores(argument: _chatbot_common_v1_CheckStoresRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_common_v1_CheckStoresResponse__Output>): grpc.ClientUnaryCall;
  CheckStores(argument: _chatbot_common_v1_CheckStoresRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_common_v1_CheckStoresResponse__Output>): grpc.ClientUnaryCall;
  CheckStores(argument: _chatbot_common_v1_CheckStoresRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_common_v1_CheckStoresResponse__Output>): grpc.ClientUnaryCall;
  CheckStores(argument: _chatbot_common_v1_CheckStoresRequest, callback: grpc.requestCallback<_chatbot_common_v1_CheckStoresResponse__Output>): grpc.ClientUnaryCall;
  checkStores(argument: _chatbot_common_v1_CheckStoresRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_common_v1_CheckStoresResponse__Output>): grpc.ClientUnaryCall;
  checkStores(argument: _chatbot_common_v1_CheckStoresRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_common_v1_CheckStoresResponse__Output>): grpc.ClientUnaryCall;
  checkStores(argument: _chatbot_common_v1_CheckStoresRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_common_v1_CheckStoresResponse__Output>): grpc.ClientUnaryCall;
  checkStores(argument: _chatbot_common_v1_CheckStoresRequest, callback: grpc.requestCallback<_chatbot_common_v1_CheckStoresResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Every service answers this so the gateway can report each store's health
 * and latency without knowing how a service keeps its data.
 */
export interface DiagnosticsHandlers extends grpc.UntypedServiceImplementation {
  CheckStores: grpc.handleUnaryCall<_chatbot_common_v1_CheckStoresRequest__Output, _chatbot_common_v1_CheckStoresResponse>;
  
}

export interface DiagnosticsDefinition extends grpc.ServiceDefinition {
  CheckStores: MethodDefinition<_chatbot_common_v1_CheckStoresRequest, _chatbot_common_v1_CheckStoresResponse, _chatbot_common_v1_CheckStoresRequest__Output, _chatbot_common_v1_CheckStoresResponse__Output>
}
