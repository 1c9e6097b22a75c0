/**
 * Limits the public API (gateway) and the services behind it both enforce: one value for
 * every side, so a request the gateway accepts is never refused further in.
 */
/** A tenant id, in characters. */
export const TENANT_ID_MAX_CHARACTERS = 128;
/** Metadata of a session, a document or a chunk: a JSON object of at most this many bytes as JSON. */
export const METADATA_MAX_BYTES = 16 * 1024;
/** An API key's name (a label for people), in characters. */
export const API_KEY_NAME_MAX_CHARACTERS = 200;
/** A document's title, in characters. */
export const DOCUMENT_TITLE_MAX_CHARACTERS = 500;
/** How many results one search may ask for (k). */
export const SEARCH_RESULTS_MIN = 1;
export const SEARCH_RESULTS_MAX = 50;
/** Entries in one search filter list (document ids, sources). */
export const SEARCH_FILTER_MAX_ENTRIES = 100;
/** Rows one page of a list (messages, documents) may hold, and what a request naming no limit gets. */
export const PAGE_SIZE_MAX = 200;
export const DEFAULT_PAGE_SIZE = 50;
/** Chunks one UpsertChunks call may carry (retrieval refuses more; ingest sends batches of at most this). */
export const UPSERT_CHUNKS_MAX = 256;
/** A session owner's id (`user_id`, given by the frontend, scoped to its tenant), in characters. */
export const USER_ID_MAX_CHARACTERS = 128;
/** A session's title, in characters. */
export const SESSION_TITLE_MAX_CHARACTERS = 200;
/** A title taken from a session's first user message is cut to this many characters. */
export const SESSION_AUTO_TITLE_MAX_CHARACTERS = 80;
/** A comment left with a rating of an answer (feedback), in characters. */
export const FEEDBACK_COMMENT_MAX_CHARACTERS = 2000;
/** The ratings an answer can be given. */
export const FEEDBACK_RATINGS = ["up", "down"] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];
/** A session search's query, in characters. */
export const SESSION_SEARCH_QUERY_MAX_CHARACTERS = 200;
/** Sessions one session search may return, and what a search naming no limit gets. */
export const SESSION_SEARCH_RESULTS_MAX = 50;
export const DEFAULT_SESSION_SEARCH_RESULTS = 20;
