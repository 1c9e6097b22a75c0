import { indexedText } from "../../src/domain/chunk.types";
import { AppError } from "@chatbot/core";
import type { ChunkStore } from "../../src/domain/chunk-store";
import { NO_FILTERS } from "../../src/domain/chunk.types";
import { createRetrievalService } from "../../src/domain/retrieval.service";
import { createLocalEmbeddingProvider } from "../../src/embedding/local-embedding.provider";
import { createKoreanLexicalIndex } from "../../src/storage/korean-lexical.index";
import { axisVector, draft, embeddedChunk } from "./chunks";
import type { CreateBackend, StoreBackend } from "./stores";

const SPACE = { model: "test-axis", dimensions: 8 };
const TENANT = "테넌트-가";
const OTHER = "테넌트-나";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** One suite for every chunk store: the embedded pgvector store and Qdrant behave the same. */
export function describeChunkStoreContract(name: string, createBackend: CreateBackend): void {
  describe(`chunk store contract: ${name}`, () => {
    let backend: StoreBackend;
    let store: ChunkStore;

    beforeAll(async () => {
      backend = await createBackend();
      store = await backend.open(SPACE);
    });

    afterAll(async () => {
      await store?.close();
      await backend?.destroy();
    });

    it("upserting the same chunk ids twice keeps one copy with the latest text", async () => {
      const chunks = [0, 1, 2].map((index) => embeddedChunk({ documentId: "문서-중복", chunkIndex: index, axis: index }));
      await store.upsert(TENANT, chunks);
      await store.upsert(TENANT, [...chunks.slice(0, 2), { ...chunks[2]!, text: "고친 본문입니다 ✏️" }]);

      expect(await store.countChunks(TENANT, "문서-중복")).toBe(3);
      const hits = await store.searchDense(TENANT, axisVector(2), 10, { documentIds: ["문서-중복"], sources: [] });
      expect(hits.map((hit) => hit.chunk.chunkId)).toEqual(["문서-중복#2", "문서-중복#0", "문서-중복#1"].slice(0, hits.length));
      expect(hits).toHaveLength(3);
      expect(hits[0]!.chunk).toMatchObject({ text: "고친 본문입니다 ✏️", title: "서울", page: 1, chunkIndex: 2, metadata: { 언어: "한국어" } });
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    });

    it("deletes a document's chunks and answers how many there were", async () => {
      await store.upsert(TENANT, [0, 1].map((index) => embeddedChunk({ documentId: "문서-삭제", chunkIndex: index, axis: 5 })));
      expect(await store.deleteDocument(TENANT, "문서-삭제")).toBe(2);
      expect(await store.countChunks(TENANT, "문서-삭제")).toBe(0);
      expect(await store.getChunks(TENANT, ["문서-삭제#0", "문서-삭제#1"])).toEqual([]);
      const hits = await store.searchDense(TENANT, axisVector(5), 50, NO_FILTERS);
      expect(hits.map((hit) => hit.chunk.documentId)).not.toContain("문서-삭제");
      expect(await store.deleteDocument(TENANT, "문서-삭제")).toBe(0);
    });

    it("filters dense search by document ids and by sources", async () => {
      await store.upsert(TENANT, [
        embeddedChunk({ documentId: "필터-1", chunkIndex: 0, axis: 3, source: "보고서.pdf" }),
        embeddedChunk({ documentId: "필터-2", chunkIndex: 0, axis: 3, source: "보고서.pdf" }),
        embeddedChunk({ documentId: "필터-3", chunkIndex: 0, axis: 3, source: "메모.txt" }),
      ]);
      const byDocument = await store.searchDense(TENANT, axisVector(3), 10, { documentIds: ["필터-2", "필터-3"], sources: [] });
      expect(byDocument.map((hit) => hit.chunk.documentId).sort()).toEqual(["필터-2", "필터-3"]);
      const bySource = await store.searchDense(TENANT, axisVector(3), 10, { documentIds: [], sources: ["보고서.pdf"] });
      expect(bySource.map((hit) => hit.chunk.documentId).sort()).toEqual(["필터-1", "필터-2"]);
      const both = await store.searchDense(TENANT, axisVector(3), 10, { documentIds: ["필터-1", "필터-3"], sources: ["메모.txt"] });
      expect(both.map((hit) => hit.chunk.documentId)).toEqual(["필터-3"]);
    });

    it("keeps tenants apart, even with equal document and chunk ids", async () => {
      await store.upsert(TENANT, [embeddedChunk({ documentId: "공유-문서", chunkIndex: 0, axis: 6, text: "가 테넌트의 비밀 🔒" })]);
      await store.upsert(OTHER, [embeddedChunk({ documentId: "공유-문서", chunkIndex: 0, axis: 6, text: "나 테넌트의 글" })]);

      const otherHits = await store.searchDense(OTHER, axisVector(6), 50, NO_FILTERS);
      expect(otherHits.map((hit) => hit.chunk.text)).toEqual(["나 테넌트의 글"]);
      expect(await store.countChunks(OTHER)).toBe(1);
      expect((await store.getChunks(OTHER, ["공유-문서#0"]))[0]!.text).toBe("나 테넌트의 글");

      expect(await store.deleteDocument(OTHER, "공유-문서")).toBe(1);
      expect((await store.getChunks(TENANT, ["공유-문서#0"]))[0]!.text).toBe("가 테넌트의 비밀 🔒");
      expect(await store.searchDense("테넌트-없음", axisVector(6), 10, NO_FILTERS)).toEqual([]);
    });

    it("refuses vectors of the wrong dimension and reopening with another embedding space", async () => {
      const wrong = { ...embeddedChunk({ documentId: "차원", chunkIndex: 0 }), embedding: [0.6, 0.8] };
      expect((await rejection(store.upsert(TENANT, [wrong]))).code).toBe("embedding_dimension_mismatch");
      expect(await store.countChunks(TENANT, "차원")).toBe(0);

      const error = await rejection(backend.open({ model: "test-axis", dimensions: 16 }));
      expect(error.code).toBe("embedding_space_mismatch");
      expect(error.message).toContain("EMBEDDING_DIMENSIONS");
    });

    it("lists every tenant's chunks for rebuilding the lexical index", async () => {
      await store.upsert(OTHER, [embeddedChunk({ documentId: "스캔", chunkIndex: 0, title: "제목", text: "본문 📄" })]);
      const seen: { tenantId: string; chunkId: string; text: string }[] = [];
      for await (const page of store.scanLexical(2)) {
        for (const document of page.documents) seen.push({ tenantId: page.tenantId, chunkId: document.chunkId, text: document.text });
      }
      expect(seen).toContainEqual({ tenantId: OTHER, chunkId: "스캔#0", text: indexedText({ title: "제목", text: "본문 📄" }) });
      expect(seen.filter((entry) => entry.tenantId === TENANT).length).toBe(await store.countChunks(TENANT));
    });

    it("serves hybrid search; deleting a document removes it from the vectors and the lexical index", async () => {
      const lexical = createKoreanLexicalIndex();
      const service = createRetrievalService({
        store,
        lexical,
        embeddings: createLocalEmbeddingProvider({ dimensions: 8 }),
        denseWeight: 1,
      });
      // The service embeds with the local provider, whose model differs from the suite's
      // space; the store checks dimensions on write, which match.
      const tenant = "테넌트-검색";
      await service.upsertChunks(tenant, [
        draft({ documentId: "한강", text: "한강은 서울을 가로질러 흐르는 강이다. 🌉" }),
        draft({ documentId: "부산", text: "부산은 대한민국 제2의 도시이며 항구 도시이다." }),
      ]);
      const before = await service.search({ tenantId: tenant, query: "서울에서 흐르는 강", k: 5, filters: NO_FILTERS });
      expect(before[0]!.chunk.documentId).toBe("한강");

      expect(await service.deleteDocument(tenant, "한강")).toBe(1);
      const after = await service.search({ tenantId: tenant, query: "서울에서 흐르는 강", k: 5, filters: NO_FILTERS });
      expect(after.map((result) => result.chunk.documentId)).not.toContain("한강");
      expect(lexical.search(tenant, "한강은 서울을 가로질러", 5, NO_FILTERS).map((hit) => hit.chunkId)).not.toContain("한강#0");

      // A restart rebuilds the lexical index from the store alone.
      const rebuilt = createRetrievalService({ store, lexical: createKoreanLexicalIndex(), embeddings: createLocalEmbeddingProvider({ dimensions: 8 }), denseWeight: 0 });
      await rebuilt.loadLexicalIndex();
      const found = await rebuilt.search({ tenantId: tenant, query: "항구 도시", k: 5, filters: NO_FILTERS });
      expect(found.map((result) => result.chunk.documentId)).toEqual(["부산"]);
    });
  });
}
