/**
 * Session search latency over ~100k Korean messages in ~5k sessions of a few users, on the
 * real Postgres, in a fresh schema: the messages are written through the session service
 * (so the postings are the write path's own), then a few hundred mixed queries (1–3 words,
 * common and rare, with and without user_id) run through the service's domain and store,
 * and the same queries through the gRPC edge. Prints p50/p95/p99 and the query plan of a
 * common three-word query.
 *
 *   node --import tsx bench/sessions/session-search-bench.ts [--sessions 5000] [--messages 100000] [--queries 300] [--writers 8]
 *
 * Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * the benchmark creates and uses a database named chatbot_bench (schema dropped at the end).
 */
import { createClient, callUnary, protos } from "@chatbot/grpc";
import { createMetricsRegistry } from "@chatbot/observability";
import { createPostgresClient, migrate, type SqlClient } from "@chatbot/sql";
import { testLogger } from "@chatbot/testkit";
import { loadSessionConfig, startSessionService } from "@chatbot/session";
import { createSessionService } from "../../services/session/src/domain/session.service";
import type { SessionStore } from "../../services/session/src/domain/session.store";
import { countContentTokens } from "../../services/session/src/domain/token-counter";
import { sessionMigrations } from "../../services/session/src/storage/session.migrations";
import { createSqlSessionStore } from "../../services/session/src/storage/sql-session.store";
import { createSqlSummaryStore } from "../../services/session/src/storage/sql-summary.store";
import { benchDatabaseUrl } from "../support/bench-database";
import { numberArgument } from "../support/arguments";
import { percentile } from "../support/stats";

const sessionCount = numberArgument("sessions", 5000);
const messageCount = numberArgument("messages", 100_000);
const queryCount = numberArgument("queries", 300);
const writers = numberArgument("writers", 8);
const TENANT = "bench-tenant";
const USERS = ["user-1", "user-2", "user-3", "user-4"];

/** A deterministic generator, so runs compare. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
const rand = random(42);
const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;

const NOUNS = (
  "서울 부산 제주도 여행 예약 환불 배송 주문 결제 카드 계좌 비밀번호 회원 가입 탈퇴 쿠폰 할인 포인트 이벤트 상품 " +
  "가격 재고 교환 반품 문의 답변 상담 전화 이메일 주소 변경 확인 취소 신청 서류 연말정산 세금 보험 병원 약국 " +
  "날씨 우산 공항 호텔 기차 버스 지하철 택시 렌터카 식당 메뉴 김치찌개 비빔밥 커피 회의 일정 보고서 계약 " +
  "전세 월세 대출 금리 적금 예금 주식 펀드 환율 달러 휴가 출장 급여 퇴직금 면접 이력서 학교 수업 시험 과제 " +
  "도서관 강의 자격증 영어 번역 프로그램 설치 업데이트 오류 로그인 인증 보안 백업 서버 네트워크 프린터 노트북"
).split(" ");
const SYLLABLES = "가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후기니디리미비시이지치키티피히강낭당랑망방상앙장창".split("");
const PARTICLES = ["은", "는", "이", "가", "을", "를", "에서", "으로", "의", "와", "도", "에", ""];
const ENDINGS = ["합니다.", "습니다.", "해요.", "있어요?", "인가요?", "드릴게요.", "됩니다.", "할까요?"];

/** ~5000 words ranked by frequency (Zipf, s = 1): the real nouns first, then made-up ones. */
const VOCABULARY = (() => {
  const words = new Set(NOUNS);
  while (words.size < 5000) {
    const length = 2 + Math.floor(rand() * 2);
    let word = "";
    for (let i = 0; i < length; i++) word += pick(SYLLABLES);
    words.add(word);
  }
  return [...words];
})();
const CUMULATIVE = (() => {
  let sum = 0;
  return VOCABULARY.map((_, rank) => (sum += 1 / (rank + 1)));
})();
function zipfWord(): string {
  const target = rand() * CUMULATIVE.at(-1)!;
  let low = 0;
  let high = CUMULATIVE.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (CUMULATIVE[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return VOCABULARY[low]!;
}
function sentence(words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(zipfWord() + pick(PARTICLES));
  return `${parts.join(" ")} ${pick(ENDINGS)}`;
}
const question = () => sentence(4 + Math.floor(rand() * 10));
const answer = () => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => sentence(6 + Math.floor(rand() * 12))).join(" ");

function summary(name: string, latencies: number[]) {
  const fixed = (value: number) => value.toFixed(1).padStart(7);
  console.log(
    `${name.padEnd(44)} n=${String(latencies.length).padStart(4)} p50 ${fixed(percentile(latencies, 50))} ms  p95 ${fixed(percentile(latencies, 95))} ms  p99 ${fixed(percentile(latencies, 99))} ms  max ${fixed(Math.max(...latencies))} ms`,
  );
}

/** The same SqlClient, printing the plan of every ranking query it runs. */
function explaining(sql: SqlClient): SqlClient {
  return {
    ...sql,
    async query(text: string, params?: unknown[]) {
      if (text.includes("WITH scored") && params) {
        const plan = await sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
        const owner = params[8] === null ? "the tenant" : `user ${String(params[8])}`;
        console.log(
          `\nPlan of the ranking query for [${(params[2] as string[]).join(", ")}] over ${owner}'s sessions:\n${plan.rows.map((row) => row["QUERY PLAN"]).join("\n")}\n`,
        );
      }
      return sql.query(text, params);
    },
  } as SqlClient;
}

async function main() {
  const databaseUrl = await benchDatabaseUrl();
  const sql = createPostgresClient({ connectionString: databaseUrl, maxConnections: writers + 2 });
  const schema = `session_search_bench_${process.pid}`;
  let clock = Date.parse("2030-01-01T00:00:00Z");
  const now = () => new Date(clock);
  try {
    await migrate(sql, { schema, migrations: sessionMigrations });
    const phases = { rank: [] as number[], candidates: [] as number[] };
    const plainStore = createSqlSessionStore(sql, schema);
    // The store, timing its two search calls (what is left of a search is the snippets in JS).
    const store: SessionStore = {
      ...plainStore,
      async searchSessions(...args) {
        const begin = performance.now();
        const result = await plainStore.searchSessions(...args);
        phases.rank.push(performance.now() - begin);
        return result;
      },
      async searchCandidates(...args) {
        const begin = performance.now();
        const result = await plainStore.searchCandidates(...args);
        phases.candidates.push(performance.now() - begin);
        return result;
      },
    };
    // Sessions live for a year of the bench's clock, which moves a second per message.
    const service = createSessionService({ store, summaries: createSqlSummaryStore(sql, schema), timeoutMs: 365 * 24 * 3_600_000, now, countTokens: countContentTokens });

    console.log(`Loading ${messageCount} messages into ${sessionCount} sessions of ${USERS.length} users (${writers} writers) ...`);
    const started = performance.now();
    const sessionIds: string[] = [];
    for (let index = 0; index < sessionCount; index++) {
      sessionIds.push((await service.createSession({ tenantId: TENANT, userId: USERS[index % USERS.length]! })).id);
    }
    // A second tenant whose sessions share the vocabulary: its postings sit in the same index.
    for (let index = 0; index < 200; index++) {
      const other = await service.createSession({ tenantId: "other-tenant" });
      await service.appendMessage({ tenantId: "other-tenant", sessionId: other.id, role: "user", content: question() });
    }
    const appendLatencies: number[] = [];
    let written = 0;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (written < messageCount) {
          const sequence = written++;
          const sessionId = sessionIds[sequence % sessionCount]!;
          const user = Math.floor(sequence / sessionCount) % 2 === 0;
          clock += 1000;
          const begin = performance.now();
          await service.appendMessage({ tenantId: TENANT, sessionId, role: user ? "user" : "assistant", content: user ? question() : answer() });
          appendLatencies.push(performance.now() - begin);
        }
      }),
    );
    await sql.query(`VACUUM ANALYZE ${schema}.session_terms`);
    await sql.query(`VACUUM ANALYZE ${schema}.sessions`);
    await sql.query(`VACUUM ANALYZE ${schema}.messages`);
    const sizes = await sql.query<{ postings: number; bytes: string }>(
      `SELECT (SELECT count(*)::int FROM ${schema}.session_terms) AS postings, pg_size_pretty(pg_total_relation_size('${schema}.session_terms')) AS bytes`,
    );
    console.log(`Loaded in ${((performance.now() - started) / 1000).toFixed(0)} s: ${sizes.rows[0]!.postings} postings (${sizes.rows[0]!.bytes} with indexes)`);
    summary("AppendMessage with postings (load, concurrent)", appendLatencies);

    // Queries: 1–3 words, each common (rank < 20), medium (100–1000) or rare (2000+); half with a user.
    const band = (kind: number) => (kind === 0 ? VOCABULARY.slice(0, 20) : kind === 1 ? VOCABULARY.slice(100, 1000) : VOCABULARY.slice(2000));
    const queries = Array.from({ length: queryCount }, (_, index) => {
      const words = 1 + (index % 3);
      const kind = Math.floor(index / 3) % 3;
      const text = Array.from({ length: words }, (_, position) => pick(band(position === 0 ? kind : Math.floor(rand() * 3)))).join(" ");
      return { text, userId: index % 2 === 0 ? pick(USERS) : undefined, kind };
    });

    const explained = createSessionService({
      store: createSqlSessionStore(explaining(sql), schema),
      summaries: createSqlSummaryStore(sql, schema),
      timeoutMs: 365 * 24 * 3_600_000,
      now,
      countTokens: countContentTokens,
    });
    await explained.searchSessions({ tenantId: TENANT, query: VOCABULARY.slice(0, 3).join(" ") });
    await explained.searchSessions({ tenantId: TENANT, query: VOCABULARY.slice(0, 3).join(" "), userId: USERS[0]! });

    // Warm-up, then measured one at a time.
    for (const query of queries.slice(0, 20)) await service.searchSessions({ tenantId: TENANT, query: query.text, userId: query.userId });
    phases.rank.length = 0;
    phases.candidates.length = 0;
    const byKind: number[][] = [[], [], []];
    const all: number[] = [];
    const withUser: number[] = [];
    let hits = 0;
    for (const query of queries) {
      const begin = performance.now();
      const found = await service.searchSessions({ tenantId: TENANT, query: query.text, userId: query.userId });
      const elapsed = performance.now() - begin;
      hits += found.length;
      all.push(elapsed);
      byKind[query.kind]!.push(elapsed);
      if (query.userId) withUser.push(elapsed);
    }
    console.log(`\nSearch through the domain and store (${(hits / queries.length).toFixed(1)} hits a query, limit 20):`);
    summary("all queries", all);
    summary("led by a common word (rank < 20)", byKind[0]!);
    summary("led by a medium word (rank 100–1000)", byKind[1]!);
    summary("led by a rare word (rank 2000+)", byKind[2]!);
    summary("with user_id", withUser);
    summary("  of which ranking (2 statements)", phases.rank);
    summary("  of which snippet candidates (1 statement)", phases.candidates);

    // The gRPC edge: the service process's handlers over the same schema.
    const registry = createMetricsRegistry({ collectDefaults: false });
    const handle = await startSessionService(
      loadSessionConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", SESSION_TIMEOUT_HOURS: String(365 * 24) }),
      { logger: testLogger("session"), registry },
      { schema, now, sql },
    );
    const client = createClient(protos.session().SessionService, handle.address);
    try {
      const edge: number[] = [];
      for (const query of queries) {
        const begin = performance.now();
        await callUnary(client, "session", "SearchSessions", { tenant_id: TENANT, query: query.text, limit: 20, ...(query.userId ? { user_id: query.userId } : {}) });
        edge.push(performance.now() - begin);
      }
      console.log("\nSearch through gRPC (SearchSessions):");
      summary("all queries", edge);
    } finally {
      client.close();
      await handle.stop();
    }
  } finally {
    await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await sql.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
