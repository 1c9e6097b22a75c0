import type { ErrorKind } from "@chatbot/core";
import type { DocumentChunks } from "../domain/document-chunks";
import type { MediaType } from "../domain/document.types";
import type { ReadOptions } from "./read-document";

/** One document for a reader thread; the bytes are transferred, not copied. */
export interface ReadRequest {
  content: Uint8Array;
  mediaType: MediaType;
  options: ReadOptions;
}

/**
 * What a reader thread posts: that it has loaded (once, first), then for each request the
 * chunks, a typed failure, or an unexpected error's description.
 */
export type ReadReply = { loaded: true } | { read: DocumentChunks } | { failure: { kind: ErrorKind; code: string; message: string } } | { crash: string };
