// Original file: proto/chatbot/llm/v1/llm.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CompleteResponse as _chatbot_llm_v1_CompleteResponse, CompleteResponse__Output as _chatbot_llm_v1_CompleteResponse__Output } from '../../../chatbot/llm/v1/CompleteResponse';
import type { GenerateEvent as _chatbot_llm_v1_GenerateEvent, GenerateEvent__Output as _chatbot_llm_v1_GenerateEvent__Output } from '../../../chatbot/llm/v1/GenerateEvent';
import type { GenerateRequest as _chatbot_llm_v1_GenerateRequest, GenerateRequest__Output as _chatbot_llm_v1_GenerateRequest__Output } from '../../../chatbot/llm/v1/GenerateRequest';
import type { ListModelsRequest as _chatbot_llm_v1_ListModelsRequest, ListModelsRequest__Output as _chatbot_llm_v1_ListModelsRequest__Output } from '../../../chatbot/llm/v1/ListModelsRequest';
import type { ListModelsResponse as _chatbot_llm_v1_ListModelsResponse, ListModelsResponse__Output as _chatbot_llm_v1_ListModelsResponse__Output } from '../../../chatbot/llm/v1/ListModelsResponse';

/**
 * The only way into an LLM. Providers, retries, fallback, circuit breaking,
 * caching and rate limits all live behind this service.
 */
export interface LlmProxyClient extends grpc.Client {
  /**
   * The whole answer at once; deterministic requests (do_sample false) may come from the cache.
   */
  Complete(argument: _chatbot_llm_v1_GenerateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_llm_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  Complete(argument: _chatbot_llm_v1_GenerateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_llm_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  Complete(argument: _chatbot_llm_v1_GenerateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_llm_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  Complete(argument: _chatbot_llm_v1_GenerateRequest, callback: grpc.requestCallback<_chatbot_llm_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The whole answer at once; deterministic requests (do_sample false) may come from the cache.
   */
  complete(argument: _chatbot_llm_v1_GenerateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_llm_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  complete(argument: _chatbot_llm_v1_GenerateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_llm_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  complete(argument: _chatbot_llm_v1_GenerateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_llm_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  complete(argument: _chatbot_llm_v1_GenerateRequest, callback: grpc.requestCallback<_chatbot_llm_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Text deltas in order, then exactly one `final` event.
   */
  Generate(argument: _chatbot_llm_v1_GenerateRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_chatbot_llm_v1_GenerateEvent__Output>;
  Generate(argument: _chatbot_llm_v1_GenerateRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_chatbot_llm_v1_GenerateEvent__Output>;
  /**
   * Text deltas in order, then exactly one `final` event.
   */
  generate(argument: _chatbot_llm_v1_GenerateRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_chatbot_llm_v1_GenerateEvent__Output>;
  generate(argument: _chatbot_llm_v1_GenerateRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_chatbot_llm_v1_GenerateEvent__Output>;
  
  /**
   * The models this proxy can route to, the default first.
   */
  ListModels(argument: _chatbot_llm_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_llm_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _chatbot_llm_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_llm_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _chatbot_llm_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_llm_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _chatbot_llm_v1_ListModelsRequest, callback: grpc.requestCallback<_chatbot_llm_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The models this proxy can route to, the default first.
   */
  listModels(argument: _chatbot_llm_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_llm_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _chatbot_llm_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_llm_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _chatbot_llm_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_llm_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _chatbot_llm_v1_ListModelsRequest, callback: grpc.requestCallback<_chatbot_llm_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The only way into an LLM. Providers, retries, fallback, circuit breaking,
 * caching and rate limits all live behind this service.
 */
export interface LlmProxyHandlers extends grpc.UntypedServiceImplementation {
  /**
   * The whole answer at once; deterministic requests (do_sample false) may come from the cache.
   */
  Complete: grpc.handleUnaryCall<_chatbot_llm_v1_GenerateRequest__Output, _chatbot_llm_v1_CompleteResponse>;
  
  /**
   * Text deltas in order, then exactly one `final` event.
   */
  Generate: grpc.handleServerStreamingCall<_chatbot_llm_v1_GenerateRequest__Output, _chatbot_llm_v1_GenerateEvent>;
  
  /**
   * The models this proxy can route to, the default first.
   */
  ListModels: grpc.handleUnaryCall<_chatbot_llm_v1_ListModelsRequest__Output, _chatbot_llm_v1_ListModelsResponse>;
  
}

export interface LlmProxyDefinition extends grpc.ServiceDefinition {
  Complete: MethodDefinition<_chatbot_llm_v1_GenerateRequest, _chatbot_llm_v1_CompleteResponse, _chatbot_llm_v1_GenerateRequest__Output, _chatbot_llm_v1_CompleteResponse__Output>
  Generate: MethodDefinition<_chatbot_llm_v1_GenerateRequest, _chatbot_llm_v1_GenerateEvent, _chatbot_llm_v1_GenerateRequest__Output, _chatbot_llm_v1_GenerateEvent__Output>
  ListModels: MethodDefinition<_chatbot_llm_v1_ListModelsRequest, _chatbot_llm_v1_ListModelsResponse, _chatbot_llm_v1_ListModelsRequest__Output, _chatbot_llm_v1_ListModelsResponse__Output>
}
