import type { ErrorKind } from "@chatbot/core";
import type { MediaType } from "../domain/document.types";
import type { ParsedDocument } from "../domain/parsed-document";
import type { ParseLimits } from "./parse-document";

/** One document for a parse worker thread; the bytes are transferred, not copied. */
export interface ParseRequest {
  content: Uint8Array;
  mediaType: MediaType;
  limits: ParseLimits;
}

/**
 * What a parse worker posts: that it has loaded (once, first), then for each request the
 * text, a typed failure, or an unexpected error's description.
 */
export type ParseReply =
  | { loaded: true }
  | { parsed: ParsedDocument }
  | { failure: { kind: ErrorKind; code: string; message: string } }
  | { crash: string };
