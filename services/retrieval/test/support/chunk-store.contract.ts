import { AppError } from "@chatbot/core";
import type { ChunkStore, StoreQuery } from "../../src/domain/chunk.store";
import { NO_FILTERS, type SearchFilters } from "../../src/domain/chunk.types";
import { documentTermWeights, queryTermWeights } from "../../src/domain/korean-analysis";
import { fuseRanks } from "../../src/domain/rank-fusion";
import { inverseDocumentFrequency } from "@chatbot/core";
import { toSparseVector } from "../../src/domain/sparse-vector";
import { NO_DENSE_SPACE } from "../../src/storage/embedding-space";
import { axisVector, indexedChunk } from "./chunks";
import { RELEVANCE_PASSAGES, RELEVANCE_QUESTIONS } from "./korean-relevance";
import type { CreateBackend, StoreBackend } from "./stores";
import { scaledTimeout } from "@chatbot/testkit";

const DENSE_SPACE = { model: "test-axis", dimensions: 8 };
/** Tests and hooks that open a new backend (a new PGlite takes seconds, more on a busy machine). */
const NEW_BACKEND_TIMEOUT_MS = scaledTimeout(120_000);
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

function keywordQuery(text: string, overrides: Partial<StoreQuery> = {}): StoreQuery {
  return { keywords: toSparseVector(queryTermWeights(text)), limit: 10, candidates: 50, filters: NO_FILTERS, ...overrides };
}

const ids = (hits: readonly { chunk: { chunkId: string } }[]) => hits.map((hit) => hit.chunk.chunkId);
const documents = (hits: readonly { chunk: { documentId: string } }[]) => hits.map((hit) => hit.chunk.documentId);

/**
 * One suite for every chunk store: the embedded SQL store and Qdrant keep, filter, rank
 * and fuse alike, and two stores opened on the same data (two replicas) agree at once.
 */
export function describeChunkStoreContract(name: string, createBackend: CreateBackend): void {
  describe(`chunk store contract: ${name}`, () => {
    let backend: StoreBackend;
    let store: ChunkStore;

    beforeAll(async () => {
      backend = await createBackend();
      store = await backend.open(NO_DENSE_SPACE);
    }, NEW_BACKEND_TIMEOUT_MS);

    afterAll(async () => {
      await store?.close();
      await backend?.destroy();
    });

    it("upserting the same chunk ids twice keeps one copy with the latest text", async () => {
      const chunks = [0, 1, 2].map((index) => indexedChunk({ documentId: "문서-중복", chunkIndex: index, text: `중복 시험 문단 ${index}번 남산타워` }));
      await store.upsert(TENANT, chunks);
      await store.upsert(TENANT, [...chunks.slice(0, 2), indexedChunk({ documentId: "문서-중복", chunkIndex: 2, text: "고친 본문입니다 ✏️ 북한산" })]);

      expect(await store.countChunks(TENANT, "문서-중복")).toBe(3);
      // Equal scores: the two unchanged chunks in either order.
      expect(ids(await store.search(TENANT, keywordQuery("남산타워"))).sort()).toEqual(["문서-중복#0", "문서-중복#1"]);
      const [edited] = await store.search(TENANT, keywordQuery("북한산"));
      expect(edited!.chunk).toMatchObject({ chunkId: "문서-중복#2", text: "고친 본문입니다 ✏️ 북한산", title: "서울", page: 1, chunkIndex: 2 });
      expect(edited!.chunk.metadata).toEqual({ 언어: "한국어" });
    });

    it("deletes a document's chunks and answers how many there were", async () => {
      await store.upsert(
        TENANT,
        [0, 1].map((index) => indexedChunk({ documentId: "문서-삭제", chunkIndex: index, text: "삭제될 설악산 문단" })),
      );
      expect(await store.deleteDocument(TENANT, "문서-삭제")).toBe(2);
      expect(await store.countChunks(TENANT, "문서-삭제")).toBe(0);
      expect(await store.search(TENANT, keywordQuery("설악산"))).toEqual([]);
      expect(await store.deleteDocument(TENANT, "문서-삭제")).toBe(0);
    });

    it("filters by document ids and by sources inside the search", async () => {
      await store.upsert(TENANT, [
        indexedChunk({ documentId: "필터-1", chunkIndex: 0, text: "필터 시험 지리산", source: "보고서.pdf" }),
        indexedChunk({ documentId: "필터-2", chunkIndex: 0, text: "필터 시험 지리산", source: "보고서.pdf" }),
        indexedChunk({ documentId: "필터-3", chunkIndex: 0, text: "필터 시험 지리산", source: "메모.txt" }),
      ]);
      const search = (filters: SearchFilters) => store.search(TENANT, keywordQuery("지리산", { filters }));
      expect(documents(await search({ documentIds: ["필터-2", "필터-3"], sources: [] })).sort()).toEqual(["필터-2", "필터-3"]);
      expect(documents(await search({ documentIds: [], sources: ["보고서.pdf"] })).sort()).toEqual(["필터-1", "필터-2"]);
      expect(documents(await search({ documentIds: ["필터-1", "필터-3"], sources: ["메모.txt"] }))).toEqual(["필터-3"]);
      // A filter that keeps few chunks still fills the answer from beyond the unfiltered top.
      expect(documents(await store.search(TENANT, keywordQuery("지리산", { limit: 1, filters: { documentIds: ["필터-3"], sources: [] } })))).toEqual(["필터-3"]);
    });

    it("keeps tenants apart, even with equal document and chunk ids", async () => {
      await store.upsert(TENANT, [indexedChunk({ documentId: "공유-문서", chunkIndex: 0, text: "가 테넌트의 비밀 금고 🔒" })]);
      await store.upsert(OTHER, [indexedChunk({ documentId: "공유-문서", chunkIndex: 0, text: "나 테넌트의 금고 일기" })]);

      expect((await store.search(OTHER, keywordQuery("금고"))).map((hit) => hit.chunk.text)).toEqual(["나 테넌트의 금고 일기"]);
      expect(await store.countChunks(OTHER)).toBe(1);
      expect(await store.deleteDocument(OTHER, "공유-문서")).toBe(1);
      expect((await store.search(TENANT, keywordQuery("금고"))).map((hit) => hit.chunk.text)).toEqual(["가 테넌트의 비밀 금고 🔒"]);
      expect(await store.search("테넌트-없음", keywordQuery("금고"))).toEqual([]);
    });

    it("answers a query with no known terms with nothing, not an error", async () => {
      expect(await store.search(TENANT, keywordQuery("🎉🎉"))).toEqual([]);
      expect(await store.search(TENANT, keywordQuery("존재하지않는낱말쀍"))).toEqual([]);
    });

    it(
      "scores keywords as Σ query weight × IDF × chunk weight, IDF over every stored chunk",
      async () => {
        const fresh = await createBackend();
        const scoring = await fresh.open(NO_DENSE_SPACE);
        try {
          const texts = ["감귤 농장 체험", "감귤 주스와 감귤 잼", "바다 낚시 체험", "한라봉 농장 🍊"];
          const chunks = texts.map((text, index) => indexedChunk({ documentId: `점수-${index}`, chunkIndex: 0, title: "", text }));
          await scoring.upsert(TENANT, chunks.slice(0, 2));
          await scoring.upsert(OTHER, chunks.slice(2));
          const query = "감귤 농장 체험";
          const weights = queryTermWeights(query);
          const documentWeights = chunks.map((chunk) => documentTermWeights(chunk));
          const expected = documentWeights.slice(0, 2).map((weightsOfChunk) => {
            let score = 0;
            for (const [term, weight] of weights) {
              const withTerm = documentWeights.filter((other) => other.has(term)).length;
              if (weightsOfChunk.has(term)) score += weight * inverseDocumentFrequency(chunks.length, withTerm) * weightsOfChunk.get(term)!;
            }
            return score;
          });
          const hits = await scoring.search(TENANT, keywordQuery(query));
          expect(ids(hits)).toEqual(["점수-0#0", "점수-1#0"]);
          expect(hits[0]!.score).toBeCloseTo(expected[0]!, 4);
          expect(hits[1]!.score).toBeCloseTo(expected[1]!, 4);
          expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
        } finally {
          await scoring.close();
          await fresh.destroy();
        }
      },
      NEW_BACKEND_TIMEOUT_MS,
    );

    it("puts the gold passage first for every question of the Korean relevance set", async () => {
      const tenant = "테넌트-관련성";
      await store.upsert(
        tenant,
        RELEVANCE_PASSAGES.map((passage) => indexedChunk({ ...passage, chunkIndex: 0, source: "시험" })),
      );
      for (const { question, gold } of RELEVANCE_QUESTIONS) {
        const hits = await store.search(tenant, keywordQuery(question, { limit: 5 }));
        expect({ question, first: hits[0]?.chunk.documentId }).toEqual({ question, first: gold });
      }
    });

    it("two replicas on the same data agree right after an upsert and a delete", async () => {
      const replica = await backend.open(NO_DENSE_SPACE);
      try {
        await store.upsert(TENANT, [indexedChunk({ documentId: "복제", chunkIndex: 0, text: "복제본 시험 울릉도 독도" })]);
        expect(documents(await replica.search(TENANT, keywordQuery("울릉도")))).toEqual(["복제"]);
        expect(await replica.countChunks(TENANT, "복제")).toBe(1);
        expect(await replica.deleteDocument(TENANT, "복제")).toBe(1);
        expect(await store.search(TENANT, keywordQuery("울릉도"))).toEqual([]);
        expect(await replica.search(TENANT, keywordQuery("울릉도"))).toEqual([]);
      } finally {
        await replica.close();
      }
    });

    it(
      "opens from several replicas at once on a new index, every time",
      async () => {
        for (let round = 0; round < 2; round++) {
          const fresh = await createBackend();
          try {
            const replicas = await Promise.all([fresh.open(NO_DENSE_SPACE), fresh.open(NO_DENSE_SPACE), fresh.open(NO_DENSE_SPACE)]);
            await replicas[0]!.upsert(TENANT, [indexedChunk({ documentId: "동시", chunkIndex: 0, text: "동시에 시작한 복제본 백두산" })]);
            for (const replica of replicas) expect(documents(await replica.search(TENANT, keywordQuery("백두산")))).toEqual(["동시"]);
            await Promise.all(replicas.map((replica) => replica.close()));
          } finally {
            await fresh.destroy();
          }
        }
      },
      NEW_BACKEND_TIMEOUT_MS,
    );

    it("stores no vectors without a dense side and refuses to reopen with another embedding space", async () => {
      const withVector = indexedChunk({ documentId: "차원", chunkIndex: 0, axis: 1 });
      expect((await rejection(store.upsert(TENANT, [withVector]))).code).toBe("embedding_dimension_mismatch");
      expect(await store.countChunks(TENANT, "차원")).toBe(0);

      const error = await rejection(backend.open(DENSE_SPACE));
      expect(error.code).toBe("embedding_space_mismatch");
      expect(error.message).toContain("EMBEDDING_PROVIDER");
    });

    describe("with a dense side", () => {
      let hybridBackend: StoreBackend;
      let hybrid: ChunkStore;

      beforeAll(async () => {
        hybridBackend = await createBackend();
        hybrid = await hybridBackend.open(DENSE_SPACE);
      }, NEW_BACKEND_TIMEOUT_MS);

      afterAll(async () => {
        await hybrid?.close();
        await hybridBackend?.destroy();
      });

      it("fuses the keyword and the dense ranking by reciprocal rank in one search", async () => {
        // Keyword order: 0 (most 순위 terms), 1, 2; dense order: 1, 2, 0. Fused: 1, 0, 2, no ties.
        const chunks = [
          indexedChunk({ documentId: "융합-0", chunkIndex: 0, title: "", text: "융합 순위 순위 순위 시험", axis: 0 }),
          indexedChunk({ documentId: "융합-1", chunkIndex: 0, title: "", text: "융합 순위 시험 문장이 조금 더 길다", axis: 1 }),
          indexedChunk({ documentId: "융합-2", chunkIndex: 0, title: "", text: "융합 다른 낱말만 있는 문장이 가장 길고 또 길다", axis: 2 }),
          indexedChunk({ documentId: "융합-3", chunkIndex: 0, title: "", text: "관계없는 제주 감귤", axis: 5 }),
        ];
        await hybrid.upsert(TENANT, chunks);
        const embedding = [0.2, 1, 0.5, 0.05, 0.05, 0.05, 0.05, 0.05];
        const keywordOnly = await hybrid.search(TENANT, keywordQuery("융합 순위", { limit: 50 }));
        const denseOnly = await hybrid.search(TENANT, keywordQuery("🎉", { limit: 50, embedding }));
        expect(ids(keywordOnly)).toEqual(["융합-0#0", "융합-1#0", "융합-2#0"]);
        expect(ids(denseOnly)).toEqual(["융합-1#0", "융합-2#0", "융합-0#0", "융합-3#0"]);
        const fused = await hybrid.search(TENANT, keywordQuery("융합 순위", { limit: 3, embedding }));
        const expected = fuseRanks([ids(keywordOnly), ids(denseOnly)]).slice(0, 3);
        expect(expected.map((entry) => entry.id)).toEqual(["융합-1#0", "융합-0#0", "융합-2#0"]);
        expect(ids(fused)).toEqual(expected.map((entry) => entry.id));
        fused.forEach((hit, index) => expect(hit.score).toBeCloseTo(expected[index]!.score, 6));
        expect(fused[0]!.chunk).toMatchObject({ title: "", page: 1 });
      });

      it("finds by meaning alone when no query term is known, and filters the dense side too", async () => {
        await hybrid.upsert(TENANT, [
          indexedChunk({ documentId: "뜻-1", chunkIndex: 0, text: "첫째 문서", axis: 6, source: "가.pdf" }),
          indexedChunk({ documentId: "뜻-2", chunkIndex: 0, text: "둘째 문서", axis: 6, source: "나.pdf" }),
        ]);
        const hits = await hybrid.search(TENANT, keywordQuery("🎉", { embedding: axisVector(6), filters: { documentIds: [], sources: ["나.pdf"] } }));
        expect(documents(hits)[0]).toBe("뜻-2");
        expect(documents(hits)).not.toContain("뜻-1");
      });

      it("refuses a chunk without a vector or with one of the wrong size", async () => {
        const missing = indexedChunk({ documentId: "벡터없음", chunkIndex: 0 });
        expect((await rejection(hybrid.upsert(TENANT, [missing]))).code).toBe("embedding_dimension_mismatch");
        const wrong = { ...indexedChunk({ documentId: "차원", chunkIndex: 0 }), embedding: [0.6, 0.8] };
        expect((await rejection(hybrid.upsert(TENANT, [wrong]))).code).toBe("embedding_dimension_mismatch");
        expect(await hybrid.countChunks(TENANT, "차원")).toBe(0);
        expect((await rejection(hybridBackend.open(NO_DENSE_SPACE))).code).toBe("embedding_space_mismatch");
      });
    });
  });
}
