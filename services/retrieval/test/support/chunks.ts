import type { EmbeddedChunk } from "../../src/domain/chunk.types";
import type { ChunkDraft } from "../../src/domain/retrieval-input";

/** A small unit vector pointing mostly along `axis`: nearest-neighbour order is predictable. */
export function axisVector(axis: number, dimensions = 8): number[] {
  const vector = Array.from({ length: dimensions }, (_, index) => (index === axis ? 1 : 0.05));
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

export function embeddedChunk(overrides: Partial<EmbeddedChunk> & { documentId: string; chunkIndex: number; axis?: number }): EmbeddedChunk {
  const { axis = 0, ...rest } = overrides;
  return {
    chunkId: `${overrides.documentId}#${overrides.chunkIndex}`,
    text: "서울은 대한민국의 수도이다 🏙️",
    title: "서울",
    source: "위키백과",
    page: 1,
    section: "",
    metadata: { 언어: "한국어" },
    embedding: axisVector(axis),
    ...rest,
  };
}

export function draft(overrides: Partial<ChunkDraft> & { documentId: string; text: string }): ChunkDraft {
  return { chunkId: "", title: "", source: "", page: 0, chunkIndex: 0, section: "", metadataJson: "", ...overrides };
}
