import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CheckStoresRequest as _chatbot_common_v1_CheckStoresRequest, CheckStoresRequest__Output as _chatbot_common_v1_CheckStoresRequest__Output } from './chatbot/common/v1/CheckStoresRequest';
import type { CheckStoresResponse as _chatbot_common_v1_CheckStoresResponse, CheckStoresResponse__Output as _chatbot_common_v1_CheckStoresResponse__Output } from './chatbot/common/v1/CheckStoresResponse';
import type { DiagnosticsClient as _chatbot_common_v1_DiagnosticsClient, DiagnosticsDefinition as _chatbot_common_v1_DiagnosticsDefinition } from './chatbot/common/v1/Diagnostics';
import type { StoreCheck as _chatbot_common_v1_StoreCheck, StoreCheck__Output as _chatbot_common_v1_StoreCheck__Output } from './chatbot/common/v1/StoreCheck';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  chatbot: {
    common: {
      v1: {
        CheckStoresRequest: MessageTypeDefinition<_chatbot_common_v1_CheckStoresRequest, _chatbot_common_v1_CheckStoresRequest__Output>
        CheckStoresResponse: MessageTypeDefinition<_chatbot_common_v1_CheckStoresResponse, _chatbot_common_v1_CheckStoresResponse__Output>
        /**
         * Every service answers this so the gateway can report each store's health
         * and latency without knowing how a service keeps its data.
         */
        Diagnostics: SubtypeConstructor<typeof grpc.Client, _chatbot_common_v1_DiagnosticsClient> & { service: _chatbot_common_v1_DiagnosticsDefinition }
        StoreCheck: MessageTypeDefinition<_chatbot_common_v1_StoreCheck, _chatbot_common_v1_StoreCheck__Output>
      }
    }
  }
}

