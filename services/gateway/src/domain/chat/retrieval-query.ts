import { SEARCH_QUERY_MAX_CHARACTERS } from "@chatbot/core";

/** How far past the cut a word boundary is looked for, so the query does not start mid-word. */
const BOUNDARY_WINDOW = 200;

/**
 * What a chat message searches for: the whole message up to the search limit. A longer
 * message (typically pasted text followed by the question) is searched by its end, where
 * the question usually is, starting at a word boundary and never inside a surrogate pair.
 */
export function retrievalQueryOf(message: string, maxCharacters: number = SEARCH_QUERY_MAX_CHARACTERS): string {
  if (message.length <= maxCharacters) return message;
  let start = message.length - maxCharacters;
  const boundary = message.slice(start, start + BOUNDARY_WINDOW).search(/\s/);
  if (boundary >= 0) start += boundary + 1;
  else if (/[\udc00-\udfff]/.test(message.charAt(start))) start += 1;
  return message.slice(start);
}
