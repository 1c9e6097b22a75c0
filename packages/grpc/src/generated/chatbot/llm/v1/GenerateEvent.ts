// Original file: proto/chatbot/llm/v1/llm.proto

import type { TextDelta as _chatbot_llm_v1_TextDelta, TextDelta__Output as _chatbot_llm_v1_TextDelta__Output } from '../../../chatbot/llm/v1/TextDelta';
import type { GenerateFinal as _chatbot_llm_v1_GenerateFinal, GenerateFinal__Output as _chatbot_llm_v1_GenerateFinal__Output } from '../../../chatbot/llm/v1/GenerateFinal';

export interface GenerateEvent {
  'delta'?: (_chatbot_llm_v1_TextDelta | null);
  'final'?: (_chatbot_llm_v1_GenerateFinal | null);
  'event'?: "delta"|"final";
}

export interface GenerateEvent__Output {
  'delta'?: (_chatbot_llm_v1_TextDelta__Output | null);
  'final'?: (_chatbot_llm_v1_GenerateFinal__Output | null);
  'event'?: "delta"|"final";
}
