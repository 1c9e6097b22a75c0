// Original file: proto/chatbot/session/v1/session.proto

import type { TokenUsage as _chatbot_session_v1_TokenUsage, TokenUsage__Output as _chatbot_session_v1_TokenUsage__Output } from '../../../chatbot/session/v1/TokenUsage';
import type { Source as _chatbot_session_v1_Source, Source__Output as _chatbot_session_v1_Source__Output } from '../../../chatbot/session/v1/Source';

export interface AppendMessageRequest {
  'tenant_id'?: (string);
  'session_id'?: (string);
  'role'?: (string);
  'content'?: (string);
  /**
   * Empty means "complete"; "streaming" reserves a message to finalize later.
   */
  'status'?: (string);
  'model'?: (string);
  'token_usage'?: (_chatbot_session_v1_TokenUsage | null);
  'sources'?: (_chatbot_session_v1_Source)[];
  'error_code'?: (string);
  'finish_reason'?: (string);
  /**
   * Optional client-chosen id (uuid) so a stream can announce it before it is stored.
   * An id already used answers ABORTED (conflict `message_exists`).
   */
  'message_id'?: (string);
  /**
   * Absent: the message follows the session's active leaf. Empty: it starts a new
   * root. An id of this session's messages: it hangs under that message. Either way it
   * becomes the active leaf.
   */
  'parent_message_id'?: (string);
  '_token_usage'?: "token_usage";
  '_parent_message_id'?: "parent_message_id";
}

export interface AppendMessageRequest__Output {
  'tenant_id': (string);
  'session_id': (string);
  'role': (string);
  'content': (string);
  /**
   * Empty means "complete"; "streaming" reserves a message to finalize later.
   */
  'status': (string);
  'model': (string);
  'token_usage'?: (_chatbot_session_v1_TokenUsage__Output | null);
  'sources': (_chatbot_session_v1_Source__Output)[];
  'error_code': (string);
  'finish_reason': (string);
  /**
   * Optional client-chosen id (uuid) so a stream can announce it before it is stored.
   * An id already used answers ABORTED (conflict `message_exists`).
   */
  'message_id': (string);
  /**
   * Absent: the message follows the session's active leaf. Empty: it starts a new
   * root. An id of this session's messages: it hangs under that message. Either way it
   * becomes the active leaf.
   */
  'parent_message_id'?: (string);
  '_token_usage'?: "token_usage";
  '_parent_message_id'?: "parent_message_id";
}
