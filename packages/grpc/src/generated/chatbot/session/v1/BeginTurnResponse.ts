// Original file: proto/chatbot/session/v1/session.proto

import type { Message as _chatbot_session_v1_Message, Message__Output as _chatbot_session_v1_Message__Output } from '../../../chatbot/session/v1/Message';

export interface BeginTurnResponse {
  /**
   * The session the turn belongs to (new when the request named none).
   */
  'session_id'?: (string);
  /**
   * The stored question; on a regeneration, the existing question being answered again.
   */
  'user_message'?: (_chatbot_session_v1_Message | null);
  'assistant_message'?: (_chatbot_session_v1_Message | null);
  /**
   * Oldest first, ending with the user message.
   */
  'context'?: (_chatbot_session_v1_Message)[];
  'context_token_count'?: (number);
}

export interface BeginTurnResponse__Output {
  /**
   * The session the turn belongs to (new when the request named none).
   */
  'session_id': (string);
  /**
   * The stored question; on a regeneration, the existing question being answered again.
   */
  'user_message': (_chatbot_session_v1_Message__Output | null);
  'assistant_message': (_chatbot_session_v1_Message__Output | null);
  /**
   * Oldest first, ending with the user message.
   */
  'context': (_chatbot_session_v1_Message__Output)[];
  'context_token_count': (number);
}
