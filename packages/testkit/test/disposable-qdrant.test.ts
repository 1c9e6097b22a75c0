import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { QdrantClient } from "@qdrant/js-client-rest";
import { QDRANT_BINARY_SHA256, qdrantBinary, startDisposableQdrant, type DisposableServer } from "../src";

let qdrant: DisposableServer | undefined;

afterAll(async () => {
  await qdrant?.dispose();
});

test("the Qdrant binary is the pinned build", () => {
  const binary = qdrantBinary();
  expect(createHash("sha256").update(readFileSync(binary)).digest("hex")).toBe(QDRANT_BINARY_SHA256);
});

test("a disposable Qdrant keeps its collections across a restart and is gone after dispose", async () => {
  qdrant = await startDisposableQdrant();
  const client = new QdrantClient({ url: qdrant.url, checkCompatibility: false });
  const root = (await (await fetch(qdrant.url)).json()) as { version: string };
  expect(root.version).toBe("1.16.3");

  await client.createCollection("kept", { vectors: { size: 4, distance: "Cosine" } });
  await client.upsert("kept", { wait: true, points: [{ id: 1, vector: [0.1, 0.2, 0.3, 0.4], payload: { text: "안녕" } }] });

  await qdrant.stop();
  await expect(fetch(`${qdrant.url}/readyz`)).rejects.toThrow();
  await qdrant.start();

  const { collections } = await client.getCollections();
  expect(collections.map((collection) => collection.name)).toEqual(["kept"]);
  const [point] = await client.retrieve("kept", { ids: [1], with_payload: true });
  expect(point?.payload).toEqual({ text: "안녕" });

  await qdrant.dispose();
  const url = qdrant.url;
  qdrant = undefined;
  await expect(fetch(`${url}/readyz`)).rejects.toThrow();
});
