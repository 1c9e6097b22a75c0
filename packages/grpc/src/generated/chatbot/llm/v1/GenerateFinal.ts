// Original file: proto/chatbot/llm/v1/llm.proto

import type { Usage as _chatbot_llm_v1_Usage, Usage__Output as _chatbot_llm_v1_Usage__Output } from '../../../chatbot/llm/v1/Usage';
import type { Timings as _chatbot_llm_v1_Timings, Timings__Output as _chatbot_llm_v1_Timings__Output } from '../../../chatbot/llm/v1/Timings';

export interface GenerateFinal {
  /**
   * "stop" | "length"
   */
  'finish_reason'?: (string);
  'usage'?: (_chatbot_llm_v1_Usage | null);
  'model'?: (string);
  'provider'?: (string);
  'timings'?: (_chatbot_llm_v1_Timings | null);
}

export interface GenerateFinal__Output {
  /**
   * "stop" | "length"
   */
  'finish_reason': (string);
  'usage': (_chatbot_llm_v1_Usage__Output | null);
  'model': (string);
  'provider': (string);
  'timings': (_chatbot_llm_v1_Timings__Output | null);
}
