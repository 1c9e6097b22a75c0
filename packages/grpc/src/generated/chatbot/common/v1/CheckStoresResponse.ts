// Original file: proto/chatbot/common/v1/diagnostics.proto

import type { StoreCheck as _chatbot_common_v1_StoreCheck, StoreCheck__Output as _chatbot_common_v1_StoreCheck__Output } from '../../../chatbot/common/v1/StoreCheck';

export interface CheckStoresResponse {
  'service'?: (string);
  'stores'?: (_chatbot_common_v1_StoreCheck)[];
  /**
   * Free-form facts worth showing on /api/health (e.g. llm provider and model).
   */
  'info'?: ({[key: string]: string});
}

export interface CheckStoresResponse__Output {
  'service': (string);
  'stores': (_chatbot_common_v1_StoreCheck__Output)[];
  /**
   * Free-form facts worth showing on /api/health (e.g. llm provider and model).
   */
  'info': ({[key: string]: string});
}
