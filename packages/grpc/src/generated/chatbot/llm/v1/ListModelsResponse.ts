// Original file: proto/chatbot/llm/v1/llm.proto

import type { ModelInfo as _chatbot_llm_v1_ModelInfo, ModelInfo__Output as _chatbot_llm_v1_ModelInfo__Output } from '../../../chatbot/llm/v1/ModelInfo';

export interface ListModelsResponse {
  'models'?: (_chatbot_llm_v1_ModelInfo)[];
}

export interface ListModelsResponse__Output {
  'models': (_chatbot_llm_v1_ModelInfo__Output)[];
}
