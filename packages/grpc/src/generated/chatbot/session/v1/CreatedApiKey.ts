// Original file: proto/chatbot/session/v1/api_keys.proto

import type { ApiKey as _chatbot_session_v1_ApiKey, ApiKey__Output as _chatbot_session_v1_ApiKey__Output } from '../../../chatbot/session/v1/ApiKey';

export interface CreatedApiKey {
  'api_key'?: (_chatbot_session_v1_ApiKey | null);
  /**
   * The secret itself: shown once, stored nowhere.
   */
  'key'?: (string);
}

export interface CreatedApiKey__Output {
  'api_key': (_chatbot_session_v1_ApiKey__Output | null);
  /**
   * The secret itself: shown once, stored nowhere.
   */
  'key': (string);
}
