import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testLogger } from "@chatbot/testkit";
import { createStoresOnce, splitSharedStore } from "../src/store-layout";

const logger = testLogger("store-layout-test");
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "store-layout-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(join(dataDir, path, ".."), { recursive: true });
  writeFileSync(join(dataDir, path), text);
}
const read = (path: string) => readFileSync(join(dataDir, path), "utf8");

describe("splitting the one-thread layout's shared store", () => {
  it("does nothing to a DATA_DIR without one (a new one, or one already split)", async () => {
    write("session/PG_VERSION", "17");
    expect(await splitSharedStore(dataDir, logger)).toEqual({ copied: [] });
    expect(read("session/PG_VERSION")).toBe("17");
    expect(existsSync(join(dataDir, "pglite.migrated"))).toBe(false);
  });

  it("copies it to every service without a store of its own, then renames it, once", async () => {
    write("pglite/PG_VERSION", "17");
    write("pglite/base/1/1259", "catalog");
    write("retrieval/PG_VERSION", "newer"); // a service that already has its own store keeps it
    write("session.migrating/half", "left by an interrupted start");

    expect(await splitSharedStore(dataDir, logger)).toEqual({ copied: ["session", "ingest"] });
    expect(read("session/base/1/1259")).toBe("catalog");
    expect(read("ingest/base/1/1259")).toBe("catalog");
    expect(read("retrieval/PG_VERSION")).toBe("newer");
    expect(existsSync(join(dataDir, "session/half"))).toBe(false);
    expect(existsSync(join(dataDir, "session.migrating"))).toBe(false);
    expect(existsSync(join(dataDir, "pglite"))).toBe(false);
    expect(read("pglite.migrated/base/1/1259")).toBe("catalog");

    // Deleting a service's store later starts that service afresh; it is not copied again.
    rmSync(join(dataDir, "session"), { recursive: true });
    expect(await splitSharedStore(dataDir, logger)).toEqual({ copied: [] });
    expect(existsSync(join(dataDir, "session"))).toBe(false);
  });
});

describe("creating new stores", () => {
  const fakeInitdb = (calls: string[]) => async (dir: string) => {
    calls.push(dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "PG_VERSION"), "17");
  };

  it("runs initdb once and copies the empty cluster to every service that needs one", async () => {
    write("retrieval/PG_VERSION", "existing");
    const calls: string[] = [];
    expect(await createStoresOnce(dataDir, ["session", "retrieval", "ingest"], fakeInitdb(calls))).toEqual(["session", "ingest"]);
    expect(calls).toHaveLength(1);
    expect(read("session/PG_VERSION")).toBe("17");
    expect(read("ingest/PG_VERSION")).toBe("17");
    expect(read("retrieval/PG_VERSION")).toBe("existing");
    expect(existsSync(calls[0]!)).toBe(false);
  });

  it("leaves a single new store to its service, and stores on other databases alone", async () => {
    const calls: string[] = [];
    expect(await createStoresOnce(dataDir, ["retrieval"], fakeInitdb(calls))).toEqual([]);
    expect(calls).toEqual([]);
    expect(existsSync(join(dataDir, "session"))).toBe(false);
  });
});
