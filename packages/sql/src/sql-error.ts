import { SENT_VALUE_FIELDS } from "@chatbot/core";

/** PGlite keeps a query's options here too, a blob sent to COPY FROM among them. */
const PGLITE_OPTION_FIELDS = ["queryOptions"];

/**
 * A database error as it leaves the SQL client: without the values the statement was sent
 * with. PGlite keeps them on its error (`params`), so a failed insert of a 10 MB upload
 * carried the upload into every log line and every error report it reached. The error
 * keeps its type, code, message, position and the statement's text. Changed in place, so
 * callers that check its class or code are not affected.
 */
export function withoutSentValues(error: unknown): unknown {
  if (typeof error !== "object" || error === null) return error;
  const fields = error as Record<string, unknown>;
  for (const field of [...SENT_VALUE_FIELDS, ...PGLITE_OPTION_FIELDS]) {
    if (field in fields) delete fields[field];
  }
  return error;
}
