// Original file: proto/chatbot/session/v1/api_keys.proto

import type { ApiKey as _chatbot_session_v1_ApiKey, ApiKey__Output as _chatbot_session_v1_ApiKey__Output } from '../../../chatbot/session/v1/ApiKey';

export interface InitialApiKey {
  /**
   * False: the store already held a key, and api_key and key are empty.
   */
  'created'?: (boolean);
  'api_key'?: (_chatbot_session_v1_ApiKey | null);
  /**
   * The secret itself: shown once, stored nowhere.
   */
  'key'?: (string);
}

export interface InitialApiKey__Output {
  /**
   * False: the store already held a key, and api_key and key are empty.
   */
  'created': (boolean);
  'api_key': (_chatbot_session_v1_ApiKey__Output | null);
  /**
   * The secret itself: shown once, stored nowhere.
   */
  'key': (string);
}
