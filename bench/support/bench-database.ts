import { createPostgresClient } from "@chatbot/sql";

/**
 * URL of the `chatbot_bench` database next to BENCH_DATABASE_URL's (default: the local
 * server), created on first use so benchmarks never touch the test database.
 */
export async function benchDatabaseUrl(): Promise<string> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = createPostgresClient({ connectionString: adminUrl });
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'chatbot_bench'");
    if (exists.rowCount === 0) await admin.query("CREATE DATABASE chatbot_bench");
  } finally {
    await admin.close();
  }
  const url = new URL(adminUrl);
  url.pathname = "/chatbot_bench";
  return url.toString();
}
