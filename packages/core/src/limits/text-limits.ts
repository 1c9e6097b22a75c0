/**
 * Text lengths the public API promises and the services behind it enforce again; one value
 * for every side, so a request the gateway accepts is never refused further in.
 */
/** A chat message or a stored message's content, in UTF-16 code units (as JavaScript counts). */
export const MESSAGE_MAX_CHARACTERS = 32_000;
/** A search query. A chat message longer than this is cut to it before retrieval. */
export const SEARCH_QUERY_MAX_CHARACTERS = 8_000;
