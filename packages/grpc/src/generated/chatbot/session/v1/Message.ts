// Original file: proto/chatbot/session/v1/session.proto

import type { TokenUsage as _chatbot_session_v1_TokenUsage, TokenUsage__Output as _chatbot_session_v1_TokenUsage__Output } from '../../../chatbot/session/v1/TokenUsage';
import type { Source as _chatbot_session_v1_Source, Source__Output as _chatbot_session_v1_Source__Output } from '../../../chatbot/session/v1/Source';
import type { Feedback as _chatbot_session_v1_Feedback, Feedback__Output as _chatbot_session_v1_Feedback__Output } from '../../../chatbot/session/v1/Feedback';
import type { Long } from '@grpc/proto-loader';

export interface Message {
  'message_id'?: (string);
  'session_id'?: (string);
  /**
   * Position in the session, strictly increasing.
   */
  'sequence'?: (number | string | Long);
  /**
   * "user" | "assistant" | "system"
   */
  'role'?: (string);
  'content'?: (string);
  'created_at'?: (string);
  /**
   * Absent when unknown.
   */
  'token_usage'?: (_chatbot_session_v1_TokenUsage | null);
  /**
   * "complete" | "interrupted" | "failed" | "streaming"
   */
  'status'?: (string);
  'model'?: (string);
  'sources'?: (_chatbot_session_v1_Source)[];
  'error_code'?: (string);
  /**
   * "stop" | "length" | "" when not generated
   */
  'finish_reason'?: (string);
  /**
   * The message this one answers or follows (messages form a tree: regenerating or
   * editing adds a sibling, nothing is removed); absent for a first message.
   */
  'parent_message_id'?: (string);
  /**
   * Filled in by ListMessages only: the listed ids of the messages with the same parent
   * (this one included), oldest first.
   */
  'sibling_ids'?: (string)[];
  /**
   * Fields 40..49: feedback on answers.
   * The caller's rating of this (assistant) message; absent when none.
   */
  'feedback'?: (_chatbot_session_v1_Feedback | null);
  /**
   * The LLM provider that generated it (after fallbacks), as the llm-proxy reported it;
   * "" when unknown (not generated here, or stored before providers were recorded).
   */
  'provider'?: (string);
  '_token_usage'?: "token_usage";
  '_parent_message_id'?: "parent_message_id";
  '_feedback'?: "feedback";
}

export interface Message__Output {
  'message_id': (string);
  'session_id': (string);
  /**
   * Position in the session, strictly increasing.
   */
  'sequence': (number);
  /**
   * "user" | "assistant" | "system"
   */
  'role': (string);
  'content': (string);
  'created_at': (string);
  /**
   * Absent when unknown.
   */
  'token_usage'?: (_chatbot_session_v1_TokenUsage__Output | null);
  /**
   * "complete" | "interrupted" | "failed" | "streaming"
   */
  'status': (string);
  'model': (string);
  'sources': (_chatbot_session_v1_Source__Output)[];
  'error_code': (string);
  /**
   * "stop" | "length" | "" when not generated
   */
  'finish_reason': (string);
  /**
   * The message this one answers or follows (messages form a tree: regenerating or
   * editing adds a sibling, nothing is removed); absent for a first message.
   */
  'parent_message_id'?: (string);
  /**
   * Filled in by ListMessages only: the listed ids of the messages with the same parent
   * (this one included), oldest first.
   */
  'sibling_ids': (string)[];
  /**
   * Fields 40..49: feedback on answers.
   * The caller's rating of this (assistant) message; absent when none.
   */
  'feedback'?: (_chatbot_session_v1_Feedback__Output | null);
  /**
   * The LLM provider that generated it (after fallbacks), as the llm-proxy reported it;
   * "" when unknown (not generated here, or stored before providers were recorded).
   */
  'provider': (string);
  '_token_usage'?: "token_usage";
  '_parent_message_id'?: "parent_message_id";
  '_feedback'?: "feedback";
}
