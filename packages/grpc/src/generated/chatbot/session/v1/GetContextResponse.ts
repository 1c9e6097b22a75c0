// Original file: proto/chatbot/session/v1/session.proto

import type { Message as _chatbot_session_v1_Message, Message__Output as _chatbot_session_v1_Message__Output } from '../../../chatbot/session/v1/Message';

export interface GetContextResponse {
  'messages'?: (_chatbot_session_v1_Message)[];
  /**
   * Sum of the returned messages' content tokens.
   */
  'token_count'?: (number);
}

export interface GetContextResponse__Output {
  'messages': (_chatbot_session_v1_Message__Output)[];
  /**
   * Sum of the returned messages' content tokens.
   */
  'token_count': (number);
}
