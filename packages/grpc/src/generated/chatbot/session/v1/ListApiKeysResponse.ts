// Original file: proto/chatbot/session/v1/api_keys.proto

import type { ApiKey as _chatbot_session_v1_ApiKey, ApiKey__Output as _chatbot_session_v1_ApiKey__Output } from '../../../chatbot/session/v1/ApiKey';

export interface ListApiKeysResponse {
  'api_keys'?: (_chatbot_session_v1_ApiKey)[];
}

export interface ListApiKeysResponse__Output {
  'api_keys': (_chatbot_session_v1_ApiKey__Output)[];
}
