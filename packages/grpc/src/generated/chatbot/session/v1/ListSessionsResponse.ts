// Original file: proto/chatbot/session/v1/session.proto

import type { Session as _chatbot_session_v1_Session, Session__Output as _chatbot_session_v1_Session__Output } from '../../../chatbot/session/v1/Session';

export interface ListSessionsResponse {
  /**
   * Newest activity first; message_count is not filled in.
   */
  'sessions'?: (_chatbot_session_v1_Session)[];
  /**
   * Empty on the last page.
   */
  'next_cursor'?: (string);
}

export interface ListSessionsResponse__Output {
  /**
   * Newest activity first; message_count is not filled in.
   */
  'sessions': (_chatbot_session_v1_Session__Output)[];
  /**
   * Empty on the last page.
   */
  'next_cursor': (string);
}
