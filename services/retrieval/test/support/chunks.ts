import type { ChunkDraft, IndexedChunk } from "../../src/domain/chunk.types";
import { documentTermWeights } from "../../src/domain/korean-analysis";
import { toSparseVector } from "../../src/domain/sparse-vector";

/** A small unit vector pointing mostly along `axis`: nearest-neighbour order is predictable. */
export function axisVector(axis: number, dimensions = 8): number[] {
  const vector = Array.from({ length: dimensions }, (_, index) => (index === axis ? 1 : 0.05));
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

/** A chunk as the service hands it to a store: keyword vector from its text, an axis vector when `axis` is given. */
export function indexedChunk(overrides: Partial<IndexedChunk> & { documentId: string; chunkIndex: number; axis?: number }): IndexedChunk {
  const { axis, ...rest } = overrides;
  const base = {
    chunkId: `${overrides.documentId}#${overrides.chunkIndex}`,
    text: "서울은 대한민국의 수도이다 🏙️",
    title: "서울",
    source: "위키백과",
    page: 1,
    section: "",
    metadata: { 언어: "한국어" },
    ...rest,
  };
  return {
    ...base,
    keywords: overrides.keywords ?? toSparseVector(documentTermWeights(base)),
    ...(axis !== undefined ? { embedding: axisVector(axis) } : {}),
  };
}

export function draft(overrides: Partial<ChunkDraft> & { documentId: string; text: string }): ChunkDraft {
  return { chunkId: "", title: "", source: "", page: 0, chunkIndex: 0, section: "", metadataJson: "", ...overrides };
}
