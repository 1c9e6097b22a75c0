import { join } from "node:path";
import { typeScriptThread } from "./service-thread";

/**
 * Runs initdb for a new PGlite cluster in `dataDir` in a short-lived thread: its WASM memory
 * (several hundred MB while initdb runs) goes with the thread instead of staying in a
 * service's heap until a collection.
 */
export function initStoreInThread(dataDir: string): Promise<void> {
  const worker = typeScriptThread(join(__dirname, "store-init.thread.ts"), { name: "store-init", workerData: { dataDir } });
  return new Promise<void>((resolve, reject) => {
    let created = false;
    let failure: Error | undefined;
    worker.once("message", () => {
      created = true;
      void worker.terminate();
    });
    worker.once("error", (error) => (failure = error));
    worker.once("exit", (code) => {
      if (created) resolve();
      else reject(failure ?? new Error(`creating an embedded store in ${dataDir} ended with exit code ${code}`));
    });
  });
}
