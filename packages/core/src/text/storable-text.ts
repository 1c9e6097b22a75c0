// Postgres text and jsonb cannot hold NUL, and a lone UTF-16 surrogate has no UTF-8 form
// (jsonb refuses its escape; a text column would get U+FFFD instead). Either would fail
// deep in a driver as an internal error, so services refuse them up front, naming the field.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_GLOBAL = new RegExp(UNSTORABLE.source, "g");

/** The message of a field that fails `isStorableText`. */
export const UNSTORABLE_TEXT_MESSAGE = "must not contain NUL characters or unpaired surrogates";

/** Text Postgres can store as text or inside jsonb. */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** Whether any string in a JSON value, object keys included, fails `isStorableText`. */
export function containsUnstorableText(value: unknown): boolean {
  if (typeof value === "string") return !isStorableText(value);
  if (Array.isArray(value)) return value.some(containsUnstorableText);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).some(([key, item]) => !isStorableText(key) || containsUnstorableText(item));
  }
  return false;
}

/** The text without the characters `isStorableText` refuses: for text derived from documents, where dropping beats failing. */
export function dropUnstorableText(value: string): string {
  return value.replace(UNSTORABLE_GLOBAL, "");
}

// C0 controls other than tab, line feed and carriage return; DEL; the C1 controls.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Text without control characters (tab, line feed and carriage return kept). Text from
 * PDF extractors and terminals carries stray ones (BEL, form feed, NUL); in text a client
 * sent as text they are noise, not a sign of binary content.
 */
export function dropControlCharacters(value: string): string {
  return value.replace(CONTROL_CHARACTERS, "");
}
