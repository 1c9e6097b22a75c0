import { createPgliteClient } from "@chatbot/sql";
import { vector } from "@electric-sql/pglite-pgvector";
const rss = () => Math.round(process.memoryUsage().rss / 1e6);
const ext = () => Math.round(process.memoryUsage().external / 1e6) + "/" + Math.round(process.memoryUsage().arrayBuffers / 1e6);
async function main() {
  console.log("start", rss(), ext());
  const dirs = ["/tmp/memt/a", "/tmp/memt/b", "/tmp/memt/c"];
  for (const d of dirs) {
    const t = Date.now();
    const c = await createPgliteClient({ dataDir: d, extensions: process.argv[2] === "v" ? { vector } : {} });
    await c.query("select 1");
    console.log(d, Date.now() - t, "ms", rss(), ext());
  }
}
void main();
