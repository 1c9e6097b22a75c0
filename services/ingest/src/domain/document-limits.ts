import { documentFailure } from "./document-failure";

/**
 * How much one document may hold. A few hostile bytes can describe a vast document (a
 * page tree of 20,000 pages sharing one content stream, a stream that inflates a
 * thousandfold); these caps bound the work and memory one document can take.
 */
export interface DocumentLimits {
  maxPages: number;
  maxChars: number;
  maxChunks: number;
}

export function checkPageCount(pages: number, limits: Pick<DocumentLimits, "maxPages">): void {
  if (pages > limits.maxPages) {
    throw documentFailure("too_many_pages", `The document has ${pages} pages; at most ${limits.maxPages} are accepted`);
  }
}

export function checkTextLength(chars: number, limits: Pick<DocumentLimits, "maxChars">): void {
  if (chars > limits.maxChars) {
    throw documentFailure("text_too_large", `The document has more than ${limits.maxChars} characters of text`);
  }
}

export function checkChunkCount(chunks: number, limits: Pick<DocumentLimits, "maxChunks">): void {
  if (chunks > limits.maxChunks) {
    throw documentFailure("too_many_chunks", `The document makes ${chunks} chunks; at most ${limits.maxChunks} are accepted`);
  }
}
