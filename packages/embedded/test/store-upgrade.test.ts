import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scaledTimeout, waitFor } from "@chatbot/testkit";
import { MIGRATED_STORE_DIR, SHARED_STORE_DIR, startEmbedded, type EmbeddedSystem } from "../src";

/**
 * A DATA_DIR written by the one-thread layout (one PGlite at DATA_DIR/pglite with every
 * service's schema) keeps its sessions, messages, documents and chunks once the system runs
 * a thread and a store per service, and across that layout's own restarts.
 */
let dataDir: string;
let system: EmbeddedSystem | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "chatbot-upgrade-"));
});
afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${system!.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const start = (layout: "one-thread" | "threads") =>
  startEmbedded({ ...process.env, DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent", DATABASE_URL: "", QDRANT_URL: "" }, { layout });

const DOCUMENT = "해운대 해수욕장은 부산의 대표적인 여름 명소입니다. 동백섬 산책로와 누리마루 APEC 하우스도 가까이 있습니다.";

describe("upgrading a DATA_DIR from one shared PGlite to a store per service", () => {
  it(
    "finds the session's messages and the document by search after the split, and again after a restart",
    async () => {
      // Written the way earlier versions of `npm start` wrote it.
      system = await start("one-thread");
      const chat = await call("POST", "/api/chat", { message: "부산 여행지를 알려 주세요." });
      expect(chat.status).toBe(200);
      const sessionId = chat.body.session_id as string;
      const submitted = await call("POST", "/api/documents", { documents: [{ content: DOCUMENT, metadata: { title: "부산 안내" } }] });
      expect(submitted.status).toBe(202);
      const documentId = submitted.body.documents[0].document_id as string;
      await waitFor(async () => (await call("GET", `/api/documents/${documentId}`)).body.status === "ready", {
        timeoutMs: 60_000,
        what: "the document to be ready",
      });
      await system.stop();
      system = undefined;
      expect(existsSync(join(dataDir, SHARED_STORE_DIR))).toBe(true);
      expect(existsSync(join(dataDir, "session"))).toBe(false);

      system = await start("threads");
      expect(system.layout).toBe("threads");
      for (const service of ["session", "retrieval", "ingest"]) expect(existsSync(join(dataDir, service))).toBe(true);
      expect(existsSync(join(dataDir, SHARED_STORE_DIR))).toBe(false);
      expect(existsSync(join(dataDir, MIGRATED_STORE_DIR))).toBe(true);

      const expectUpgradedData = async (messageCount: number) => {
        const messages = await call("GET", `/api/sessions/${sessionId}/messages`);
        expect(messages.status).toBe(200);
        expect(messages.body.messages).toHaveLength(messageCount);
        expect(messages.body.messages.slice(0, 2).map((message: { role: string }) => message.role)).toEqual(["user", "assistant"]);
        expect(messages.body.messages[0].content).toBe("부산 여행지를 알려 주세요.");
        const document = await call("GET", `/api/documents/${documentId}`);
        expect(document.body).toMatchObject({ document_id: documentId, status: "ready" });
        const search = await call("POST", "/api/search", { query: "해운대 해수욕장" });
        expect(search.status).toBe(200);
        expect(search.body.results[0]).toMatchObject({ document_id: documentId, title: "부산 안내" });
      };
      await expectUpgradedData(2);

      // Written in the new layout, then a restart: both the upgraded and the new data are there.
      const later = await call("POST", "/api/chat", { session_id: sessionId, message: "해운대 말고 다른 곳은요?" });
      expect(later.status).toBe(200);
      await system.stop();
      system = await start("threads");
      await expectUpgradedData(4);
      const messages = await call("GET", `/api/sessions/${sessionId}/messages`);
      expect(messages.body.messages[2]).toMatchObject({ role: "user", content: "해운대 말고 다른 곳은요?" });
      expect(existsSync(join(dataDir, SHARED_STORE_DIR))).toBe(false);
    },
    scaledTimeout(240_000),
  );
});
