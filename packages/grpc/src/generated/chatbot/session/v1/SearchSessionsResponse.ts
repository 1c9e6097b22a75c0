// Original file: proto/chatbot/session/v1/session.proto

import type { SessionSearchHit as _chatbot_session_v1_SessionSearchHit, SessionSearchHit__Output as _chatbot_session_v1_SessionSearchHit__Output } from '../../../chatbot/session/v1/SessionSearchHit';

export interface SearchSessionsResponse {
  /**
   * Best first; ties newest activity first.
   */
  'hits'?: (_chatbot_session_v1_SessionSearchHit)[];
}

export interface SearchSessionsResponse__Output {
  /**
   * Best first; ties newest activity first.
   */
  'hits': (_chatbot_session_v1_SessionSearchHit__Output)[];
}
