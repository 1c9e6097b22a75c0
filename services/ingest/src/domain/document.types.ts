export const DOCUMENT_STATUSES = ["queued", "processing", "ready", "failed"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Formats a document is read from, as decided from its bytes. */
export const BASE_MEDIA_TYPES = [
  "application/pdf",
  /** Hangul Word Processor 5.0 (an OLE compound file). */
  "application/x-hwp",
  /** HWPX (OWPML, KS X 6101): zipped XML; the name its own `mimetype` entry gives. */
  "application/hwp+zip",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "text/html",
  "text/markdown",
  "text/plain",
] as const;
export type BaseMediaType = (typeof BASE_MEDIA_TYPES)[number];

export const TEXT_MEDIA_TYPES = ["text/html", "text/markdown", "text/plain"] as const;
export type TextMediaType = (typeof TEXT_MEDIA_TYPES)[number];

/** Encodings text is accepted in; UTF-8 is the default and is not written out in a media type. */
export const TEXT_CHARSETS = ["utf-8", "euc-kr", "utf-16le", "utf-16be"] as const;
export type TextCharset = (typeof TEXT_CHARSETS)[number];

/** A stored document's type: the format, and for text in another encoding than UTF-8 its charset ("text/plain; charset=euc-kr"). */
export type MediaType = BaseMediaType | `${TextMediaType}; charset=${Exclude<TextCharset, "utf-8">}`;

export function textMediaType(type: TextMediaType, charset: TextCharset): MediaType {
  return charset === "utf-8" ? type : `${type}; charset=${charset}`;
}

/** The format and charset a media type names (UTF-8 when it names none). */
export function splitMediaType(mediaType: MediaType): { type: BaseMediaType; charset: TextCharset } {
  const [type, parameter] = mediaType.split(";") as [BaseMediaType, string | undefined];
  const charset = parameter?.trim().replace(/^charset=/, "") as TextCharset | undefined;
  return { type, charset: charset ?? "utf-8" };
}

/** A registered document as the registry keeps it, without its bytes. */
export interface DocumentRecord {
  id: string;
  tenantId: string;
  filename: string;
  title: string;
  mediaType: MediaType;
  status: DocumentStatus;
  pages: number;
  chunks: number;
  errorCode: string;
  errorMessage: string;
  sha256: string;
  sizeBytes: number;
  metadata: Record<string, unknown>;
  source: string;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}

export type NewDocument = Omit<DocumentRecord, "status" | "pages" | "chunks" | "errorCode" | "errorMessage" | "attempts" | "createdAt" | "updatedAt"> & {
  content: Buffer;
  now: Date;
};

export const DOCUMENT_EVENT_TYPES = ["document.queued", "document.processing", "document.progress", "document.ready", "document.failed"] as const;
export type DocumentEventType = (typeof DOCUMENT_EVENT_TYPES)[number];

/** A change of one document, published to every replica (and to WatchDocument streams). */
export interface DocumentEvent {
  type: DocumentEventType;
  document: DocumentRecord;
  chunksDone: number;
  chunksTotal: number;
}

export function isFinished(status: DocumentStatus): boolean {
  return status === "ready" || status === "failed";
}
