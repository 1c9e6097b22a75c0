// Original file: proto/chatbot/session/v1/session.proto

import type { Session as _chatbot_session_v1_Session, Session__Output as _chatbot_session_v1_Session__Output } from '../../../chatbot/session/v1/Session';
import type { SnippetHighlight as _chatbot_session_v1_SnippetHighlight, SnippetHighlight__Output as _chatbot_session_v1_SnippetHighlight__Output } from '../../../chatbot/session/v1/SnippetHighlight';

export interface SessionSearchHit {
  /**
   * message_count is not filled in.
   */
  'session'?: (_chatbot_session_v1_Session | null);
  /**
   * BM25 over the session's listed messages and title; higher is better.
   */
  'score'?: (number | string);
  /**
   * Plain text around the first match in the best-matching message (or the title).
   */
  'snippet'?: (string);
  'highlights'?: (_chatbot_session_v1_SnippetHighlight)[];
  /**
   * The snippet's message; absent when the snippet is the title.
   */
  'message_id'?: (string);
  '_message_id'?: "message_id";
}

export interface SessionSearchHit__Output {
  /**
   * message_count is not filled in.
   */
  'session': (_chatbot_session_v1_Session__Output | null);
  /**
   * BM25 over the session's listed messages and title; higher is better.
   */
  'score': (number);
  /**
   * Plain text around the first match in the best-matching message (or the title).
   */
  'snippet': (string);
  'highlights': (_chatbot_session_v1_SnippetHighlight__Output)[];
  /**
   * The snippet's message; absent when the snippet is the title.
   */
  'message_id'?: (string);
  '_message_id'?: "message_id";
}
