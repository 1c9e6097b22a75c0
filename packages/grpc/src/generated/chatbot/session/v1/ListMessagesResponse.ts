// Original file: proto/chatbot/session/v1/session.proto

import type { Message as _chatbot_session_v1_Message, Message__Output as _chatbot_session_v1_Message__Output } from '../../../chatbot/session/v1/Message';

export interface ListMessagesResponse {
  'messages'?: (_chatbot_session_v1_Message)[];
  'has_more'?: (boolean);
}

export interface ListMessagesResponse__Output {
  'messages': (_chatbot_session_v1_Message__Output)[];
  'has_more': (boolean);
}
