// Original file: proto/chatbot/llm/v1/llm.proto


export interface ChatMessage {
  /**
   * "system" | "user" | "assistant"
   */
  'role'?: (string);
  'content'?: (string);
}

export interface ChatMessage__Output {
  /**
   * "system" | "user" | "assistant"
   */
  'role': (string);
  'content': (string);
}
