import { AppError } from "@chatbot/core";
import { startDisposableQdrant, uniqueName, type DisposableServer } from "@chatbot/testkit";
import type { ChunkStore } from "../src/domain/chunk.store";
import { NO_FILTERS } from "../src/domain/chunk.types";
import { queryTermWeights } from "../src/domain/korean-analysis";
import { toSparseVector } from "../src/domain/sparse-vector";
import { NO_DENSE_SPACE } from "../src/storage/embedding-space";
import { openQdrantChunkStore } from "../src/storage/qdrant-chunk.store";
import { indexedChunk } from "./support/chunks";

const query = (text: string) => ({ keywords: toSparseVector(queryTermWeights(text)), limit: 5, candidates: 50, filters: NO_FILTERS });

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("the Qdrant chunk store when Qdrant goes away or the caller does", () => {
  let qdrant: DisposableServer;
  let store: ChunkStore;

  beforeAll(async () => {
    qdrant = await startDisposableQdrant();
    store = await openQdrantChunkStore({ url: qdrant.url, collection: uniqueName("faults"), space: NO_DENSE_SPACE });
    await store.upsert("t", [indexedChunk({ documentId: "독도", chunkIndex: 0, text: "독도는 울릉도 동쪽에 있는 섬이다" })]);
  });

  afterAll(async () => {
    await store?.close();
    await qdrant?.dispose();
  });

  it("answers a search whose caller has gone with cancelled, without asking Qdrant", async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await failure(store.search("t", query("독도"), controller.signal))).kind).toBe("cancelled");
  });

  it("reports Qdrant down as vector_store_unavailable, and searches again once it is back", async () => {
    await qdrant.stop();
    const down = await failure(store.search("t", query("울릉도 동쪽 섬")));
    expect({ kind: down.kind, code: down.code }).toEqual({ kind: "unavailable", code: "vector_store_unavailable" });
    await expect(store.ping()).rejects.toMatchObject({ code: "vector_store_unavailable" });
    await qdrant.start();
    const hits = await store.search("t", query("울릉도 동쪽 섬"));
    expect(hits.map((hit) => hit.chunk.documentId)).toEqual(["독도"]);
  });
});
