import { createPostgresClient } from "@chatbot/sql";

/**
 * URL of the `chatbot_bench` database (or `name`, for a bench that needs several) next to
 * BENCH_DATABASE_URL's (default: the local server), created on first use so benchmarks never
 * touch the test database.
 */
export async function benchDatabaseUrl(name = "chatbot_bench"): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`benchDatabaseUrl: "${name}" is not a plain database name`);
  const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = createPostgresClient({ connectionString: adminUrl });
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
