// Original file: proto/chatbot/llm/v1/llm.proto

import type { ChatMessage as _chatbot_llm_v1_ChatMessage, ChatMessage__Output as _chatbot_llm_v1_ChatMessage__Output } from '../../../chatbot/llm/v1/ChatMessage';
import type { ContextPassage as _chatbot_llm_v1_ContextPassage, ContextPassage__Output as _chatbot_llm_v1_ContextPassage__Output } from '../../../chatbot/llm/v1/ContextPassage';
import type { Long } from '@grpc/proto-loader';

export interface GenerateRequest {
  'messages'?: (_chatbot_llm_v1_ChatMessage)[];
  /**
   * Absent: the proxy's default.
   */
  'max_new_tokens'?: (number);
  'temperature'?: (number | string);
  /**
   * false means greedy decoding (temperature 0). Absent: true.
   */
  'do_sample'?: (boolean);
  'top_p'?: (number | string);
  'stop'?: (string)[];
  /**
   * Empty: the configured model of the first provider in the chain.
   */
  'model'?: (string);
  /**
   * Correlates logs across services.
   */
  'request_id'?: (string);
  /**
   * Absolute deadline in Unix milliseconds; 0 means none besides the call's own deadline.
   */
  'deadline_unix_ms'?: (number | string | Long);
  /**
   * Who is asking (tenant or API key id), for per-caller rate limits; empty is "anonymous".
   */
  'caller_id'?: (string);
  'context'?: (_chatbot_llm_v1_ContextPassage)[];
  /**
   * What the answer is for: "" (or "chat") a reply to the conversation; "summary" a summary
   * of the conversation's turns (the messages after the first system message), which the
   * local provider writes extractively instead of answering.
   */
  'task'?: (string);
  '_max_new_tokens'?: "max_new_tokens";
  '_temperature'?: "temperature";
  '_do_sample'?: "do_sample";
  '_top_p'?: "top_p";
}

export interface GenerateRequest__Output {
  'messages': (_chatbot_llm_v1_ChatMessage__Output)[];
  /**
   * Absent: the proxy's default.
   */
  'max_new_tokens'?: (number);
  'temperature'?: (number);
  /**
   * false means greedy decoding (temperature 0). Absent: true.
   */
  'do_sample'?: (boolean);
  'top_p'?: (number);
  'stop': (string)[];
  /**
   * Empty: the configured model of the first provider in the chain.
   */
  'model': (string);
  /**
   * Correlates logs across services.
   */
  'request_id': (string);
  /**
   * Absolute deadline in Unix milliseconds; 0 means none besides the call's own deadline.
   */
  'deadline_unix_ms': (number);
  /**
   * Who is asking (tenant or API key id), for per-caller rate limits; empty is "anonymous".
   */
  'caller_id': (string);
  'context': (_chatbot_llm_v1_ContextPassage__Output)[];
  /**
   * What the answer is for: "" (or "chat") a reply to the conversation; "summary" a summary
   * of the conversation's turns (the messages after the first system message), which the
   * local provider writes extractively instead of answering.
   */
  'task': (string);
  '_max_new_tokens'?: "max_new_tokens";
  '_temperature'?: "temperature";
  '_do_sample'?: "do_sample";
  '_top_p'?: "top_p";
}
