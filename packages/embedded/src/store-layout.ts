import { existsSync } from "node:fs";
import { cp, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "@chatbot/core";

/** The services that keep an embedded PGlite, each under DATA_DIR/<service> (as when run alone). */
export const STORE_OWNERS = ["session", "retrieval", "ingest"] as const;
export type StoreOwner = (typeof STORE_OWNERS)[number];

/** Where every service's schema lived when the whole system ran in one thread on one PGlite. */
export const SHARED_STORE_DIR = "pglite";
/** What the shared directory is renamed to once every service has its own copy. */
export const MIGRATED_STORE_DIR = "pglite.migrated";

/**
 * Makes sure every service in `owners` finds a PGlite cluster in its directory. Where two or
 * more are new, initdb (the costliest part of opening a new PGlite: seconds of CPU and
 * hundreds of MB) runs once, through `createCluster`, and the others get a file copy of the
 * empty cluster; a single new store is left to its service, which creates it as it opens it.
 */
export async function createStoresOnce(dataDir: string, owners: readonly StoreOwner[], createCluster: (dir: string) => Promise<void>): Promise<StoreOwner[]> {
  const missing = owners.filter((service) => !existsSync(join(dataDir, service)));
  if (missing.length < 2) return [];
  const template = join(dataDir, ".pglite-new");
  await rm(template, { recursive: true, force: true });
  await createCluster(template);
  for (const service of missing) {
    const partial = join(dataDir, `${service}.creating`);
    await rm(partial, { recursive: true, force: true });
    await cp(template, partial, { recursive: true });
    await rename(partial, join(dataDir, service));
  }
  await rm(template, { recursive: true, force: true });
  return missing;
}

export interface StoreSplit {
  /** The services that received a copy of the shared store on this start. */
  copied: StoreOwner[];
}

/**
 * Upgrades a DATA_DIR written by the one-thread layout (one PGlite at DATA_DIR/pglite holding
 * the session, retrieval and ingest schemas) to one store per service: each service whose own
 * directory does not exist yet gets a file copy of the shared one, and uses only its own schema
 * in it (the others' tables stay there, unused). The shared directory is then renamed to
 * DATA_DIR/pglite.migrated, so that the split happens once and a service directory deleted
 * later (to start that service afresh) is not filled again from old data. Nothing may have the
 * shared store open: this runs before any service starts. A copy is made under a temporary
 * name and renamed into place, so a start interrupted half-way copies again next time.
 */
export async function splitSharedStore(dataDir: string, logger: Logger): Promise<StoreSplit> {
  const shared = join(dataDir, SHARED_STORE_DIR);
  if (!existsSync(shared)) return { copied: [] };
  const copied: StoreOwner[] = [];
  for (const service of STORE_OWNERS) {
    const target = join(dataDir, service);
    if (existsSync(target)) continue;
    const partial = `${target}.migrating`;
    await rm(partial, { recursive: true, force: true });
    await cp(shared, partial, { recursive: true, preserveTimestamps: true });
    await rename(partial, target);
    copied.push(service);
  }
  const migrated = join(dataDir, MIGRATED_STORE_DIR);
  // A second upgrade of the same directory (the user restored pglite from a backup) keeps both.
  const keptAs = existsSync(migrated) ? `${migrated}-${Date.now()}` : migrated;
  await rename(shared, keptAs);
  logger.info(
    { from: shared, copied_to: copied.map((service) => join(dataDir, service)), kept_as: keptAs },
    `embedded store split: ${copied.length > 0 ? copied.join(", ") : "no service"} received a copy of ${SHARED_STORE_DIR}; ` +
      `the old directory is kept as ${keptAs} and may be deleted once the data is checked`,
  );
  return { copied };
}
