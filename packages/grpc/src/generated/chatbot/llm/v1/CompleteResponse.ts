// Original file: proto/chatbot/llm/v1/llm.proto

import type { Usage as _chatbot_llm_v1_Usage, Usage__Output as _chatbot_llm_v1_Usage__Output } from '../../../chatbot/llm/v1/Usage';
import type { Timings as _chatbot_llm_v1_Timings, Timings__Output as _chatbot_llm_v1_Timings__Output } from '../../../chatbot/llm/v1/Timings';

export interface CompleteResponse {
  'content'?: (string);
  'finish_reason'?: (string);
  'usage'?: (_chatbot_llm_v1_Usage | null);
  'model'?: (string);
  'provider'?: (string);
  'timings'?: (_chatbot_llm_v1_Timings | null);
  /**
   * True when the answer came from the cache of deterministic answers.
   */
  'cached'?: (boolean);
}

export interface CompleteResponse__Output {
  'content': (string);
  'finish_reason': (string);
  'usage': (_chatbot_llm_v1_Usage__Output | null);
  'model': (string);
  'provider': (string);
  'timings': (_chatbot_llm_v1_Timings__Output | null);
  /**
   * True when the answer came from the cache of deterministic answers.
   */
  'cached': (boolean);
}
