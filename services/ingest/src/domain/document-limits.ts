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
  /**
   * Bytes inflated from one document's compressed parts at most (ZIP entries of HWPX and
   * DOCX, compressed HWP streams): a zip bomb stops here, whatever sizes it declares.
   */
  maxUnpackedBytes: number;
  /** Entries a document's ZIP archive may list. */
  maxArchiveEntries: number;
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

/** Counts bytes inflated from one document against its cap; each inflate is given what is left as its output bound. */
export class UnpackBudget {
  private used = 0;

  constructor(private readonly limits: Pick<DocumentLimits, "maxUnpackedBytes">) {}

  /** Bytes one more inflate may produce (at most 2 GiB, the most one inflate can give, when the cap is higher). */
  remaining(): number {
    return Math.min(2 ** 31 - 1, Math.max(0, this.limits.maxUnpackedBytes - this.used));
  }

  spend(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limits.maxUnpackedBytes) throw this.exceeded();
  }

  exceeded() {
    const megabytes = Math.round((this.limits.maxUnpackedBytes / (1024 * 1024)) * 10) / 10;
    return documentFailure("unpacked_too_large", `The document unpacks to more than ${megabytes} MB`);
  }
}

export function checkEntryCount(entries: number, limits: Pick<DocumentLimits, "maxArchiveEntries">): void {
  if (entries > limits.maxArchiveEntries) {
    throw documentFailure("too_many_entries", `The document's archive holds ${entries} files; at most ${limits.maxArchiveEntries} are accepted`);
  }
}
