import { AppError } from "@chatbot/core";
import { createApiKeyService, type ApiKeyService } from "../../src/domain/api-key.service";
import { hashApiKey } from "../../src/domain/api-key.secret";
import { createSqlApiKeyStore } from "../../src/storage/sql-api-key.store";
import { createTestClock, type OpenDatabase, type TestDatabase } from "./databases";

const TENANT = "고객사-가";
const OTHER_TENANT = "고객사-나";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** The same API key behaviour, whichever database is underneath. */
export function describeApiKeyStoreContract(adapter: string, open: OpenDatabase): void {
  describe(`API keys on ${adapter}`, () => {
    let database: TestDatabase;
    let clock: ReturnType<typeof createTestClock>;
    let service: ApiKeyService;

    beforeAll(async () => {
      database = await open();
    });
    afterAll(async () => {
      await database?.close();
    });
    beforeEach(() => {
      clock = createTestClock();
      service = createApiKeyService({ store: createSqlApiKeyStore(database.sql, database.schema), now: clock.now });
    });

    it("creates a random key for a tenant and resolves it by its hash", async () => {
      const created = await service.createKey({ tenantId: TENANT, name: "운영 서버 🔑" });
      expect(created.key).toMatch(/^cbk_[A-Za-z0-9_-]{43}$/);
      expect(created.apiKey).toMatchObject({ tenantId: TENANT, name: "운영 서버 🔑", lastUsedAt: null, revokedAt: null });
      const resolved = await service.resolveKey({ keySha256: hashApiKey(created.key) });
      expect(resolved).toEqual({ keyId: created.apiKey.keyId, tenantId: TENANT });
      const again = await service.createKey({ tenantId: TENANT });
      expect(again.key).not.toBe(created.key);
    });

    it("stores only the hash, never the key", async () => {
      const { key, apiKey } = await service.createKey({ tenantId: TENANT, name: "비밀 확인" });
      const rows = await database.sql.query<Record<string, unknown>>(`SELECT * FROM ${database.schema}.api_keys WHERE key_id = $1`, [apiKey.keyId]);
      const stored = JSON.stringify(rows.rows);
      expect(stored).not.toContain(key);
      expect(stored).not.toContain(key.slice(4));
      expect(rows.rows[0]).toMatchObject({ key_sha256: hashApiKey(key) });
    });

    it("records the last use when a key is resolved", async () => {
      const { key, apiKey } = await service.createKey({ tenantId: TENANT });
      clock.advance(90_000);
      await service.resolveKey({ keySha256: hashApiKey(key) });
      const listed = (await service.listKeys({ tenantId: TENANT })).find((record) => record.keyId === apiKey.keyId);
      expect(listed?.lastUsedAt?.getTime()).toBe(clock.now().getTime());
    });

    it("lists keys newest first, one tenant's or all", async () => {
      const first = await service.createKey({ tenantId: OTHER_TENANT, name: "첫째" });
      clock.advance(1000);
      const second = await service.createKey({ tenantId: OTHER_TENANT, name: "둘째" });
      const own = await service.listKeys({ tenantId: OTHER_TENANT });
      expect(own.map((record) => record.keyId)).toEqual([second.apiKey.keyId, first.apiKey.keyId]);
      expect(own.every((record) => record.tenantId === OTHER_TENANT)).toBe(true);
      const all = await service.listKeys({});
      expect(all.map((record) => record.tenantId)).toEqual(expect.arrayContaining([TENANT, OTHER_TENANT]));
    });

    it("revokes a key: it no longer resolves, and a second revoke keeps the first time", async () => {
      const { key, apiKey } = await service.createKey({ tenantId: TENANT, name: "폐기 예정" });
      const revoked = await service.revokeKey({ keyId: apiKey.keyId });
      expect(revoked.revokedAt?.getTime()).toBe(clock.now().getTime());
      expect((await rejection(service.resolveKey({ keySha256: hashApiKey(key) }))).code).toBe("api_key_not_found");
      clock.advance(5000);
      const again = await service.revokeKey({ keyId: apiKey.keyId.toUpperCase() });
      expect(again.revokedAt?.getTime()).toBe(revoked.revokedAt?.getTime());
    });

    it.each([["00000000-0000-4000-8000-000000000000"], ["키-아님"], [""]])("answers not found when revoking %p", async (keyId) => {
      const error = await rejection(service.revokeKey({ keyId }));
      expect(error.kind).toBe("not_found");
    });

    it.each([[hashApiKey("cbk_없는키")], ["abc"], ["'; DROP TABLE api_keys; --"]])("does not resolve %p", async (keySha256) => {
      const error = await rejection(service.resolveKey({ keySha256 }));
      expect(error.kind).toBe("not_found");
    });

    it("refuses a key without a tenant or with an overlong name, naming the fields", async () => {
      const error = await rejection(service.createKey({ tenantId: "", name: "이".repeat(201) }));
      expect(error.kind).toBe("invalid_argument");
      expect(error.details).toEqual([expect.objectContaining({ field: "tenant_id" }), expect.objectContaining({ field: "name" })]);
    });
  });
}
