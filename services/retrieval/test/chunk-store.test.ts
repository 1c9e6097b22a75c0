import { describeChunkStoreContract } from "./support/chunk-store.contract";
import { pgliteBackend, qdrantBackend } from "./support/stores";

describeChunkStoreContract("embedded PGlite with pgvector", pgliteBackend);

// Qdrant cannot run everywhere; where QDRANT_URL points at one, the same suite runs
// against it and fails (never skips) when it cannot be reached.
const qdrantUrl = process.env.QDRANT_URL;
if (qdrantUrl) describeChunkStoreContract(`Qdrant at ${qdrantUrl}`, qdrantBackend(qdrantUrl));
