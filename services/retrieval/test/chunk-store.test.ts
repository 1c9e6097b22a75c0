import { QDRANT_BINARY_VERSION, startDisposableQdrant, type DisposableServer } from "@chatbot/testkit";
import { describeChunkStoreContract } from "./support/chunk-store.contract";
import { pgliteBackend, qdrantBackend } from "./support/stores";

describeChunkStoreContract("embedded PGlite with pgvector", pgliteBackend);

// Qdrant always runs: the one at QDRANT_URL where it is set, else a server of this suite's
// own from the pinned binary. Either fails (never skips) when it cannot be reached or started.
const qdrantUrl = process.env.QDRANT_URL;
let qdrant: DisposableServer | undefined;

beforeAll(async () => {
  if (!qdrantUrl) qdrant = await startDisposableQdrant();
});

afterAll(async () => {
  await qdrant?.dispose();
});

/** The disposable server's URL is known only once beforeAll has run, so it is read when the contract creates its backend. */
function currentQdrantUrl(): string {
  const url = qdrantUrl ?? qdrant?.url;
  if (!url) throw new Error("no Qdrant to test: QDRANT_URL is unset and the disposable one did not start");
  return url;
}

describeChunkStoreContract(
  qdrantUrl ? `Qdrant at ${qdrantUrl}` : `a disposable Qdrant ${QDRANT_BINARY_VERSION}`,
  async () => qdrantBackend(currentQdrantUrl())(),
);
