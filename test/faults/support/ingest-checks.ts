import { expectedChunkCount, type KoreanTextDocument } from "./ingest-documents";
import type { IngestFaultSystem } from "./ingest-fault-system";

export interface UploadedDocument {
  id: string;
  document: KoreanTextDocument;
}

/**
 * Every uploaded document is ready with exactly the chunks the chunker makes of it, each
 * stored once, and nothing else is stored or registered: checked in the registry (through
 * the API), in the retrieval store's table, and through search.
 */
export async function expectIndexedExactlyOnce(system: IngestFaultSystem, uploaded: UploadedDocument[]): Promise<void> {
  const expected = new Map<string, number>();
  for (const { id, document } of uploaded) expected.set(id, await expectedChunkCount(document));
  expect(Math.min(...expected.values())).toBeGreaterThan(1);

  const listed = await system.listDocuments();
  expect(listed.map((document) => document.document_id).sort()).toEqual([...expected.keys()].sort());
  for (const document of listed) {
    expect({ id: document.document_id, status: document.status, chunks: document.chunks, error: document.error }).toEqual({
      id: document.document_id,
      status: "ready",
      chunks: expected.get(document.document_id),
      error: null,
    });
  }

  const stored = await system.storedChunks();
  const total = [...expected.values()].reduce((sum, count) => sum + count, 0);
  expect(stored).toHaveLength(total);
  expect(new Set(stored.map((chunk) => chunk.chunk_id)).size).toBe(total);
  expect(new Set(stored.map((chunk) => chunk.text)).size).toBe(total);
  for (const [id, count] of expected) {
    const indexes = stored
      .filter((chunk) => chunk.document_id === id)
      .map((chunk) => chunk.chunk_index)
      .sort((a, b) => a - b);
    expect({ id, indexes }).toEqual({ id, indexes: Array.from({ length: count }, (_, index) => index) });
  }

  for (const { id, document } of uploaded) {
    const found = await system.search(document.title, id);
    expect(found.status).toBe(200);
    const chunkIds = (found.body.results as Array<{ chunk_id: string }>).map((result) => result.chunk_id);
    expect({ id, found: chunkIds.length, distinct: new Set(chunkIds).size }).toEqual({ id, found: expected.get(id), distinct: expected.get(id) });
  }
}
