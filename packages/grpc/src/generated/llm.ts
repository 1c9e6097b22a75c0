import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ChatMessage as _chatbot_llm_v1_ChatMessage, ChatMessage__Output as _chatbot_llm_v1_ChatMessage__Output } from './chatbot/llm/v1/ChatMessage';
import type { CompleteResponse as _chatbot_llm_v1_CompleteResponse, CompleteResponse__Output as _chatbot_llm_v1_CompleteResponse__Output } from './chatbot/llm/v1/CompleteResponse';
import type { ContextPassage as _chatbot_llm_v1_ContextPassage, ContextPassage__Output as _chatbot_llm_v1_ContextPassage__Output } from './chatbot/llm/v1/ContextPassage';
import type { GenerateEvent as _chatbot_llm_v1_GenerateEvent, GenerateEvent__Output as _chatbot_llm_v1_GenerateEvent__Output } from './chatbot/llm/v1/GenerateEvent';
import type { GenerateFinal as _chatbot_llm_v1_GenerateFinal, GenerateFinal__Output as _chatbot_llm_v1_GenerateFinal__Output } from './chatbot/llm/v1/GenerateFinal';
import type { GenerateRequest as _chatbot_llm_v1_GenerateRequest, GenerateRequest__Output as _chatbot_llm_v1_GenerateRequest__Output } from './chatbot/llm/v1/GenerateRequest';
import type { ListModelsRequest as _chatbot_llm_v1_ListModelsRequest, ListModelsRequest__Output as _chatbot_llm_v1_ListModelsRequest__Output } from './chatbot/llm/v1/ListModelsRequest';
import type { ListModelsResponse as _chatbot_llm_v1_ListModelsResponse, ListModelsResponse__Output as _chatbot_llm_v1_ListModelsResponse__Output } from './chatbot/llm/v1/ListModelsResponse';
import type { LlmProxyClient as _chatbot_llm_v1_LlmProxyClient, LlmProxyDefinition as _chatbot_llm_v1_LlmProxyDefinition } from './chatbot/llm/v1/LlmProxy';
import type { ModelInfo as _chatbot_llm_v1_ModelInfo, ModelInfo__Output as _chatbot_llm_v1_ModelInfo__Output } from './chatbot/llm/v1/ModelInfo';
import type { TextDelta as _chatbot_llm_v1_TextDelta, TextDelta__Output as _chatbot_llm_v1_TextDelta__Output } from './chatbot/llm/v1/TextDelta';
import type { Timings as _chatbot_llm_v1_Timings, Timings__Output as _chatbot_llm_v1_Timings__Output } from './chatbot/llm/v1/Timings';
import type { Usage as _chatbot_llm_v1_Usage, Usage__Output as _chatbot_llm_v1_Usage__Output } from './chatbot/llm/v1/Usage';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  chatbot: {
    llm: {
      v1: {
        ChatMessage: MessageTypeDefinition<_chatbot_llm_v1_ChatMessage, _chatbot_llm_v1_ChatMessage__Output>
        CompleteResponse: MessageTypeDefinition<_chatbot_llm_v1_CompleteResponse, _chatbot_llm_v1_CompleteResponse__Output>
        ContextPassage: MessageTypeDefinition<_chatbot_llm_v1_ContextPassage, _chatbot_llm_v1_ContextPassage__Output>
        GenerateEvent: MessageTypeDefinition<_chatbot_llm_v1_GenerateEvent, _chatbot_llm_v1_GenerateEvent__Output>
        GenerateFinal: MessageTypeDefinition<_chatbot_llm_v1_GenerateFinal, _chatbot_llm_v1_GenerateFinal__Output>
        GenerateRequest: MessageTypeDefinition<_chatbot_llm_v1_GenerateRequest, _chatbot_llm_v1_GenerateRequest__Output>
        ListModelsRequest: MessageTypeDefinition<_chatbot_llm_v1_ListModelsRequest, _chatbot_llm_v1_ListModelsRequest__Output>
        ListModelsResponse: MessageTypeDefinition<_chatbot_llm_v1_ListModelsResponse, _chatbot_llm_v1_ListModelsResponse__Output>
        /**
         * The only way into an LLM. Providers, retries, fallback, circuit breaking,
         * caching and rate limits all live behind this service.
         */
        LlmProxy: SubtypeConstructor<typeof grpc.Client, _chatbot_llm_v1_LlmProxyClient> & { service: _chatbot_llm_v1_LlmProxyDefinition }
        ModelInfo: MessageTypeDefinition<_chatbot_llm_v1_ModelInfo, _chatbot_llm_v1_ModelInfo__Output>
        TextDelta: MessageTypeDefinition<_chatbot_llm_v1_TextDelta, _chatbot_llm_v1_TextDelta__Output>
        Timings: MessageTypeDefinition<_chatbot_llm_v1_Timings, _chatbot_llm_v1_Timings__Output>
        Usage: MessageTypeDefinition<_chatbot_llm_v1_Usage, _chatbot_llm_v1_Usage__Output>
      }
    }
  }
}

