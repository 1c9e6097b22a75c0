export const DOCUMENT_STATUSES = ["queued", "processing", "ready", "failed"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const MEDIA_TYPES = ["application/pdf", "text/html", "text/markdown", "text/plain"] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

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

export const DOCUMENT_EVENT_TYPES = [
  "document.queued",
  "document.processing",
  "document.progress",
  "document.ready",
  "document.failed",
] as const;
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
