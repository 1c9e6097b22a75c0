import { startDisposableQdrant, type DisposableServer } from "@chatbot/testkit";
import { describeChunkStoreContract } from "./support/chunk-store.contract";
import { pgliteBackend, qdrantBackend } from "./support/stores";

describeChunkStoreContract("embedded PGlite", pgliteBackend);

// The pinned Qdrant binary from the test kit, or the server at QDRANT_URL when one is given.
let qdrant: DisposableServer | undefined;
beforeAll(async () => {
  if (!process.env.QDRANT_URL) qdrant = await startDisposableQdrant();
});
afterAll(async () => {
  await qdrant?.dispose();
});
describeChunkStoreContract(
  "Qdrant",
  qdrantBackend(() => process.env.QDRANT_URL ?? qdrant!.url),
);
