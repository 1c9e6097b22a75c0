// Creates an empty PGlite cluster (initdb) in workerData.dataDir, closes it and ends; see createStoresOnce.
import { parentPort, workerData } from "node:worker_threads";
import { createPgliteClient } from "@chatbot/sql";

void createPgliteClient({ dataDir: (workerData as { dataDir: string }).dataDir })
  .then((sql) => sql.close())
  .then(() => parentPort!.postMessage("created"));
