// Original file: proto/chatbot/llm/v1/llm.proto


export interface Timings {
  /**
   * From the proxy receiving the request to the first delta.
   */
  'time_to_first_token_ms'?: (number | string);
  'total_ms'?: (number | string);
  /**
   * Upstream attempts made, including retries and fallbacks.
   */
  'attempts'?: (number);
}

export interface Timings__Output {
  /**
   * From the proxy receiving the request to the first delta.
   */
  'time_to_first_token_ms': (number);
  'total_ms': (number);
  /**
   * Upstream attempts made, including retries and fallbacks.
   */
  'attempts': (number);
}
