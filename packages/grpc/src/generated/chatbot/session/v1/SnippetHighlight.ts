// Original file: proto/chatbot/session/v1/session.proto


/**
 * [start, end) in UTF-16 code units of the snippet.
 */
export interface SnippetHighlight {
  'start'?: (number);
  'end'?: (number);
}

/**
 * [start, end) in UTF-16 code units of the snippet.
 */
export interface SnippetHighlight__Output {
  'start': (number);
  'end': (number);
}
