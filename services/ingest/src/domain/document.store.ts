import type { DocumentRecord, DocumentStatus, NewDocument } from "./document.types";

export interface DocumentPageQuery {
  tenantId: string;
  limit: number;
  /** Rows strictly older than this (created_at, id) position, newest first. */
  after?: { createdAt: Date; id: string };
  status?: DocumentStatus;
}

/**
 * The document registry. Every method that takes a tenant answers null/false for another
 * tenant's document exactly as for an unknown one.
 */
export interface DocumentStore {
  /** Inserts the document, or returns the tenant's existing one with the same sha256. */
  insertOrGetExisting(document: NewDocument): Promise<{ document: DocumentRecord; created: boolean }>;
  get(tenantId: string, documentId: string): Promise<DocumentRecord | null>;
  /** Without the tenant: for workers, whose job already names both. */
  getContent(documentId: string): Promise<Buffer | null>;
  list(query: DocumentPageQuery): Promise<DocumentRecord[]>;
  delete(tenantId: string, documentId: string): Promise<boolean>;
  countReady(tenantId: string): Promise<number>;
  /**
   * Moves a queued (or, after a crash, processing) document to processing and counts
   * the attempt; null when it is gone or already ready/failed, so duplicate jobs stop.
   */
  claim(tenantId: string, documentId: string, now: Date): Promise<DocumentRecord | null>;
  markReady(tenantId: string, documentId: string, result: { pages: number; chunks: number }, now: Date): Promise<DocumentRecord | null>;
  markFailed(tenantId: string, documentId: string, failure: { code: string; message: string }, now: Date): Promise<DocumentRecord | null>;
  /** failed → queued, with the error and attempts cleared; null when the document is not failed. */
  requeueFailed(tenantId: string, documentId: string, now: Date): Promise<DocumentRecord | null>;
  /** Documents a restart left queued or processing, oldest first (in-process queue recovery). */
  listUnfinished(limit: number): Promise<Array<{ tenantId: string; documentId: string }>>;
  /**
   * Keeps a document this worker is processing looking alive: its update time becomes
   * `now`, so the lost-job sweeper leaves it alone. No-op once it is no longer processing.
   */
  touchProcessing(tenantId: string, documentId: string, now: Date): Promise<void>;
  /**
   * Up to `limit` documents still queued or processing whose last update is before
   * `cutoff`, oldest first, with their update time set to `now`: a concurrent caller (another
   * replica's sweeper) gets none of them, and they are not taken again before another grace.
   */
  claimStale(cutoff: Date, now: Date, limit: number): Promise<Array<{ tenantId: string; documentId: string }>>;
}
