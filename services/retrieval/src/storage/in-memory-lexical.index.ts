import type { LexicalDocument, LexicalHit, SearchFilters } from "../domain/chunk.types";
import type { LexicalIndex } from "../domain/lexical-index";
import { lexicalTerms, termFrequencies } from "../domain/korean-tokenizer";
import { keepTopScores } from "../domain/top-scores";

/**
 * BM25 over the tokenizer's terms, in process memory, one inverted index per tenant.
 *
 * Why in memory and not a postings table: a 500-character Korean chunk has ~300 distinct
 * bigrams, so 100k chunks make ~30M postings, which embedded PGlite (WASM, single
 * threaded) can neither store compactly nor aggregate in tens of milliseconds, while
 * typed arrays hold them in ~200 MB and score a query in a few milliseconds. Nothing is
 * lost on restart: the index is derived data, rebuilt from the chunk store's texts at
 * start (`ChunkStore.scanLexical`), for the SQL store and for Qdrant payloads alike.
 * Known limit: with Qdrant and several retrieval replicas, a replica's index sees the
 * chunks that existed when it started plus the writes it served itself; the next step
 * there is Qdrant's own sparse vectors (IDF modifier) as the lexical side.
 *
 * Deletion is lazy: a replaced or deleted chunk's slot is marked dead and its postings
 * stay until dead slots pass a quarter of all slots, when the postings are rebuilt.
 * Until then document frequencies still count dead slots, which shifts IDF slightly.
 */
export interface Bm25Parameters {
  k1: number;
  b: number;
  /** Text → terms; default the Korean character-bigram tokenizer. */
  tokenize: (text: string) => string[];
}

export const DEFAULT_BM25: Bm25Parameters = { k1: 1.2, b: 0.75, tokenize: lexicalTerms };

/** A growable list of (slot, term frequency) pairs. */
class PostingList {
  slots = new Int32Array(4);
  frequencies = new Uint16Array(4);
  length = 0;

  add(slot: number, frequency: number): void {
    if (this.length === this.slots.length) {
      const slots = new Int32Array(this.length * 2);
      slots.set(this.slots);
      this.slots = slots;
      const frequencies = new Uint16Array(this.length * 2);
      frequencies.set(this.frequencies);
      this.frequencies = frequencies;
    }
    this.slots[this.length] = slot;
    this.frequencies[this.length] = Math.min(frequency, 65_535);
    this.length += 1;
  }
}

interface Slot {
  chunkId: string;
  documentId: string;
  source: string;
  length: number;
  alive: boolean;
  termIds: Int32Array;
  frequencies: Uint16Array;
}

class TenantIndex {
  private readonly termIds = new Map<string, number>();
  private postings: PostingList[] = [];
  private slots: Slot[] = [];
  private readonly slotOfChunk = new Map<string, number>();
  private readonly chunksOfDocument = new Map<string, Set<string>>();
  /** Term count per slot, -1 once the slot is dead: read in the scoring loop. */
  private lengths = new Float64Array(64);
  private liveLength = 0;
  private dead = 0;

  constructor(private readonly parameters: Bm25Parameters) {}

  get size(): number {
    return this.slotOfChunk.size;
  }

  upsert(document: LexicalDocument): void {
    this.remove(document.chunkId);
    const counts = termFrequencies(this.parameters.tokenize(document.text));
    const termIds = new Int32Array(counts.size);
    const frequencies = new Uint16Array(counts.size);
    let length = 0;
    let position = 0;
    for (const [term, count] of counts) {
      let termId = this.termIds.get(term);
      if (termId === undefined) {
        termId = this.postings.length;
        this.termIds.set(term, termId);
        this.postings.push(new PostingList());
      }
      termIds[position] = termId;
      frequencies[position] = Math.min(count, 65_535);
      position += 1;
      length += count;
    }
    const slot = this.slots.length;
    this.setLength(slot, length);
    this.slots.push({ chunkId: document.chunkId, documentId: document.documentId, source: document.source, length, alive: true, termIds, frequencies });
    for (let i = 0; i < termIds.length; i++) this.postings[termIds[i]!]!.add(slot, frequencies[i]!);
    this.slotOfChunk.set(document.chunkId, slot);
    let chunks = this.chunksOfDocument.get(document.documentId);
    if (!chunks) this.chunksOfDocument.set(document.documentId, (chunks = new Set()));
    chunks.add(document.chunkId);
    this.liveLength += length;
  }

  deleteDocument(documentId: string): void {
    for (const chunkId of [...(this.chunksOfDocument.get(documentId) ?? [])]) this.remove(chunkId);
  }

  search(query: string, limit: number, filters: SearchFilters): LexicalHit[] {
    const live = this.slotOfChunk.size;
    if (live === 0) return [];
    const { k1, b } = this.parameters;
    const averageLength = this.liveLength / live;
    const scores = new Float64Array(this.slots.length);
    const touched: number[] = [];
    for (const term of new Set(this.parameters.tokenize(query))) {
      const termId = this.termIds.get(term);
      if (termId === undefined) continue;
      const postings = this.postings[termId]!;
      const documentFrequency = Math.min(postings.length, live);
      const idf = Math.log(1 + (live - documentFrequency + 0.5) / (documentFrequency + 0.5));
      // The hot loop: typed arrays only, no object per posting.
      const { slots, frequencies } = postings;
      const lengths = this.lengths;
      for (let i = 0; i < postings.length; i++) {
        const slotNumber = slots[i]!;
        const length = lengths[slotNumber]!;
        if (length < 0) continue;
        const frequency = frequencies[i]!;
        if (scores[slotNumber] === 0) touched.push(slotNumber);
        scores[slotNumber] = scores[slotNumber]! + (idf * frequency * (k1 + 1)) / (frequency + k1 * (1 - b + (b * length) / averageLength));
      }
    }
    const documentIds = filters.documentIds.length > 0 ? new Set(filters.documentIds) : undefined;
    const sources = filters.sources.length > 0 ? new Set(filters.sources) : undefined;
    const eligible = touched.filter((slotNumber) => {
      const slot = this.slots[slotNumber]!;
      return (!documentIds || documentIds.has(slot.documentId)) && (!sources || sources.has(slot.source));
    });
    return keepTopScores(eligible, (slotNumber) => scores[slotNumber]!, limit).map((slotNumber) => ({
      chunkId: this.slots[slotNumber]!.chunkId,
      score: scores[slotNumber]!,
    }));
  }

  private remove(chunkId: string): void {
    const slotNumber = this.slotOfChunk.get(chunkId);
    if (slotNumber === undefined) return;
    const slot = this.slots[slotNumber]!;
    slot.alive = false;
    this.lengths[slotNumber] = -1;
    this.slotOfChunk.delete(chunkId);
    const chunks = this.chunksOfDocument.get(slot.documentId);
    chunks?.delete(chunkId);
    if (chunks?.size === 0) this.chunksOfDocument.delete(slot.documentId);
    this.liveLength -= slot.length;
    this.dead += 1;
    if (this.dead > 64 && this.dead * 4 > this.slots.length) this.compact();
  }

  private setLength(slot: number, length: number): void {
    if (slot >= this.lengths.length) {
      const grown = new Float64Array(this.lengths.length * 2);
      grown.set(this.lengths);
      this.lengths = grown;
    }
    this.lengths[slot] = length;
  }

  /** Drops dead slots and rebuilds the postings from the live ones. */
  private compact(): void {
    const live = this.slots.filter((slot) => slot.alive);
    this.slots = live;
    this.postings = this.postings.map(() => new PostingList());
    this.slotOfChunk.clear();
    this.lengths = new Float64Array(Math.max(64, live.length));
    live.forEach((slot, slotNumber) => {
      this.lengths[slotNumber] = slot.length;
      this.slotOfChunk.set(slot.chunkId, slotNumber);
      for (let i = 0; i < slot.termIds.length; i++) this.postings[slot.termIds[i]!]!.add(slotNumber, slot.frequencies[i]!);
    });
    this.dead = 0;
  }
}

export function createInMemoryLexicalIndex(options: Partial<Bm25Parameters> = {}): LexicalIndex {
  const parameters = { ...DEFAULT_BM25, ...options };
  const tenants = new Map<string, TenantIndex>();
  const tenant = (tenantId: string) => {
    let index = tenants.get(tenantId);
    if (!index) tenants.set(tenantId, (index = new TenantIndex(parameters)));
    return index;
  };
  return {
    upsert(tenantId, documents) {
      const index = tenant(tenantId);
      for (const document of documents) index.upsert(document);
    },
    deleteDocument(tenantId, documentId) {
      tenants.get(tenantId)?.deleteDocument(documentId);
    },
    search(tenantId, query, limit, filters) {
      return tenants.get(tenantId)?.search(query, limit, filters) ?? [];
    },
    size(tenantId) {
      return tenants.get(tenantId)?.size ?? 0;
    },
  };
}
