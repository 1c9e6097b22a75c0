import { createApiKeyService, type ApiKeyService } from "../src/domain/api-key.service";
import { hashApiKey } from "../src/domain/api-key.secret";
import { createSqlApiKeyStore } from "../src/storage/sql-api-key.store";
import { openPglite, openPostgres, type TestDatabase } from "./support/databases";

const count = async (database: TestDatabase) =>
  Number((await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${database.schema}.api_keys`)).rows[0]!.n);

const serviceOn = (database: TestDatabase): ApiKeyService => createApiKeyService({ store: createSqlApiKeyStore(database.sql, database.schema), now: () => new Date() });

/** The first start of an installation, then every later one. */
async function firstAndLaterStarts(database: TestDatabase): Promise<void> {
  const service = serviceOn(database);
  const created = await service.createInitialKey({ tenantId: "default", name: "첫 키" });
  expect(created).toMatchObject({ apiKey: { tenantId: "default", name: "첫 키" }, key: expect.stringMatching(/^cbk_/) });
  expect(await service.resolveKey({ keySha256: hashApiKey(created!.key) })).toEqual({ keyId: created!.apiKey.keyId, tenantId: "default" });
  expect(await service.createInitialKey({ tenantId: "default" })).toBeNull();

  // A revoked key still counts: revoking the first key does not bring another.
  await service.revokeKey({ keyId: created!.apiKey.keyId });
  expect(await service.createInitialKey({ tenantId: "default" })).toBeNull();
  expect(await count(database)).toBe(1);
}

describe("the initial API key", () => {
  const opened: TestDatabase[] = [];
  const open = async (opener: () => Promise<TestDatabase>) => {
    const database = await opener();
    opened.push(database);
    return database;
  };
  afterAll(async () => {
    for (const database of opened) await database.close();
  });

  it("is made in a store that has never held a key, and never again (postgres)", async () => {
    await firstAndLaterStarts(await open(openPostgres));
  });

  it("is made in a store that has never held a key, and never again (PGlite)", async () => {
    await firstAndLaterStarts(await open(openPglite));
  });

  it("is not made where keys were made another way", async () => {
    const database = await open(openPostgres);
    const service = serviceOn(database);
    await service.createKey({ tenantId: "고객사-가" });
    expect(await service.createInitialKey({ tenantId: "default" })).toBeNull();
    expect(await count(database)).toBe(1);
  });

  it("checks its tenant and name as any key's", async () => {
    const database = await open(openPostgres);
    await expect(serviceOn(database).createInitialKey({ tenantId: " " })).rejects.toMatchObject({ kind: "invalid_argument" });
    expect(await count(database)).toBe(0);
  });

  it("is made once: of callers racing on an empty store, exactly one gets a key", async () => {
    const database = await open(openPostgres);
    // Each caller gets its own connection of the pool (opened beforehand, so that none waits
    // for one), as gateways starting together reach different session service replicas.
    await Promise.all(Array.from({ length: 8 }, () => database.sql.query("SELECT pg_sleep(0.05)")));
    const answers = await Promise.all(Array.from({ length: 8 }, () => serviceOn(database).createInitialKey({ tenantId: "default" })));
    expect(answers.filter((answer) => answer !== null)).toHaveLength(1);
    expect(await count(database)).toBe(1);
  });
});
