import { createSessionService, type SessionService } from "../../src/domain/session.service";
import { countContentTokens } from "../../src/domain/token-counter";
import { createSqlSessionStore } from "../../src/storage/sql-session.store";
import { createSqlSummaryStore } from "../../src/storage/sql-summary.store";
import { HOUR_MS, createTestClock, type OpenDatabase, type TestDatabase } from "./databases";

/** How long the fixture's sessions live without activity. */
export const FIXTURE_SESSION_TIMEOUT_MS = 24 * HOUR_MS;

/** What a contract suite works with; the fields are set by the hooks, so read them inside tests. */
export interface ServiceFixture {
  database: TestDatabase;
  service: SessionService;
  clock: ReturnType<typeof createTestClock>;
}

/**
 * The session service over its SQL stores on a database `open` gives (once per describe
 * block), with a new test clock and service before each test. Call it inside `describe`.
 */
export function useServiceFixture(open: OpenDatabase): ServiceFixture {
  const fixture = {} as ServiceFixture;
  beforeAll(async () => {
    fixture.database = await open();
  });
  afterAll(async () => {
    await fixture.database?.close();
  });
  beforeEach(() => {
    fixture.clock = createTestClock();
    fixture.service = createSessionService({
      store: createSqlSessionStore(fixture.database.sql, fixture.database.schema),
      summaries: createSqlSummaryStore(fixture.database.sql, fixture.database.schema),
      timeoutMs: FIXTURE_SESSION_TIMEOUT_MS,
      now: fixture.clock.now,
      countTokens: countContentTokens,
    });
  });
  return fixture;
}
