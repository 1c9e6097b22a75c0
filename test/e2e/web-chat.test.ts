/**
 * The chat page at / in headless Chromium, against the whole system as `npm start` runs it
 * (five services on embedded stores), with the test kit's OpenAI-compatible upstream as the
 * LLM so that replies can be slow enough to stop and to reload in the middle of.
 *
 * Screenshots of each state are written when SCREENSHOTS_DIR is set:
 *   SCREENSHOTS_DIR=docs/images CI=true node scripts/run-tests.mjs test/e2e/web-chat.test.ts
 * (Korean text needs a Korean font on the machine, e.g. Debian's fonts-nanum.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { startEmbedded, type EmbeddedSystem } from "@chatbot/embedded";
import { loadGatewayConfig, startGateway } from "@chatbot/gateway";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { buildKoreanPdf, launchTestChromium, llmProxyEnvFor, type LlmUpstream, replyText, scaledTimeout, startLlmUpstream, testLogger, waitFor } from "@chatbot/testkit";
import { ensureWebPageBuilt } from "@chatbot/web";

const SCREENSHOTS = process.env.SCREENSHOTS_DIR;
const ADMIN_KEY = "web-admin-key-0123456789";
const INTERNAL_TOKEN = randomBytes(24).toString("base64url");
/** Generous: the machine may be busy; every wait is for a condition, never a fixed time. */
const LONG = 60_000;

let dataDir: string;
let upstream: LlmUpstream;
let system: EmbeddedSystem;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ensureWebPageBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "chatbot-web-"));
  upstream = await startLlmUpstream({ tokens: 12, tokenIntervalMs: 0 });
  system = await startEmbedded({
    DATA_DIR: dataDir,
    PORT: "0",
    LOG_LEVEL: "silent",
    INTERNAL_TOKEN,
    ...llmProxyEnvFor(upstream),
    LLM_BREAKER_FAILURE_THRESHOLD: "1000",
  });
  browser = await launchTestChromium();
}, scaledTimeout(120_000));

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await system?.stop();
  await upstream?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, scaledTimeout(60_000));

interface OpenedPage {
  page: Page;
  /** Content-security-policy and Trusted Types violations, and uncaught errors. */
  problems: string[];
  /** Every request the page made: URL and the headers it sent. */
  requests: Array<{ url: string; headers: Record<string, string> }>;
}

/** A new browser profile (empty storage) on the page. */
async function openPage(url = system.url): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, locale: "ko-KR" });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: OpenedPage["requests"] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Trusted Type|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("request", (request) => requests.push({ url: request.url(), headers: request.headers() }));
  await page.goto(url);
  await page.getByRole("button", { name: "새 대화" }).waitFor();
  return { page, problems, requests };
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, name) });
}

const answers = (page: Page) => page.getByRole("log").getByRole("article", { name: "답변" });
const questions = (page: Page) => page.getByRole("log").getByRole("article", { name: "질문" });
const textOf = async (locator: Locator) => ((await locator.textContent()) ?? "").trim();

async function ask(page: Page, question: string): Promise<Locator> {
  const before = await answers(page).count();
  await page.getByRole("textbox", { name: "메시지" }).fill(question);
  await page.getByRole("button", { name: "보내기" }).click();
  await waitFor(async () => (await answers(page).count()) > before, { timeoutMs: LONG, what: "the answer to appear" });
  return answers(page).nth(before);
}

/** Waits until the answer is no longer streaming (its stored version is shown). */
async function finished(answer: Locator): Promise<void> {
  await waitFor(async () => (await answer.getAttribute("aria-busy")) === null && !(await answer.getAttribute("class"))!.includes("streaming"), {
    timeoutMs: LONG,
    what: "the answer to finish",
  });
}

async function currentSession(page: Page): Promise<string> {
  return waitFor(async () => (await page.evaluate("sessionStorage.getItem('chatbot.currentSession')")) as string | null, {
    timeoutMs: LONG,
    what: "a session",
  });
}

async function storedMessages(sessionId: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${system.url}/api/sessions/${sessionId}/messages?limit=200`, { headers });
  return ((await response.json()) as { messages: Array<{ role: string; content: string; status: string; message_id: string }> }).messages;
}

describe("the web chat page", () => {
  it("answers a Korean question as it streams, rendering Markdown, and lists the conversation", async () => {
    const script = [
      "## 오늘의 서울 날씨\n\n",
      "서울은 ",
      "**맑고** ",
      "따뜻합니다",
      ". ",
      "\n\n- 최고 기온: ",
      "23도",
      "\n- 미세먼지: ",
      "`좋음`",
      "\n\n```python\n",
      'print("산책하기 좋은 날")\n',
      "```\n",
    ];
    upstream.configure({ script, tokens: script.length, tokenIntervalMs: 250 });
    const { page, problems } = await openPage();
    expect(await page.getByRole("log").count()).toBe(1);
    await screenshot(page, "web-empty.png");

    const answer = await ask(page, "오늘 서울 날씨를 정리해 줘");
    expect(await textOf(questions(page).last().locator(".message-body"))).toBe("오늘 서울 날씨를 정리해 줘");
    // Part of the answer is on the page while the rest is still coming, and it can be stopped.
    await waitFor(
      async () =>
        (await textOf(answer.locator(".markdown"))).includes("맑고") &&
        (await answer.getAttribute("aria-busy")) === "true" &&
        (await page.getByRole("button", { name: "중지" }).isVisible()),
      { timeoutMs: LONG, what: "the first tokens of a streaming answer" },
    );
    await screenshot(page, "web-chat-streaming.png");

    await finished(answer);
    const markdown = answer.locator(".markdown");
    expect(await textOf(markdown.locator("h2"))).toBe("오늘의 서울 날씨");
    expect(await textOf(markdown.locator("strong"))).toBe("맑고");
    expect(await markdown.locator("li").count()).toBe(2);
    expect(await textOf(markdown.locator("pre code"))).toBe('print("산책하기 좋은 날")');
    expect(await page.getByRole("button", { name: "중지" }).count()).toBe(0);

    const sessionId = await currentSession(page);
    const stored = await storedMessages(sessionId);
    expect(stored.map((message) => [message.role, message.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    expect(stored[1]!.content).toBe(replyText(script.length, script));
    await page.getByRole("navigation", { name: "대화 목록" }).getByRole("button", { name: "오늘 서울 날씨를 정리해 줘" }).waitFor();
    await screenshot(page, "web-chat-answer.png");
    expect(problems).toEqual([]);
  });

  it("shows model output as text: no HTML, script or javascript: link from the model reaches the page", async () => {
    const script = [
      "위험한 출력 ",
      '<img src="x" onerror="window.__xss = 1">',
      " <script>window.__xss = 2</script>",
      " [눌러 보세요](javascript:window.__xss=3)",
      ' <a href="javascript:window.__xss=4">링크</a>',
    ];
    upstream.configure({ script, tokens: script.length, tokenIntervalMs: 0 });
    const { page, problems } = await openPage();
    const answer = await ask(page, "HTML을 출력해 봐");
    await finished(answer);
    const markdown = answer.locator(".markdown");
    expect(await markdown.locator("img, script, iframe, [onerror]").count()).toBe(0);
    expect(await textOf(markdown)).toContain('<img src="x" onerror="window.__xss = 1">');
    for (const link of await markdown.locator("a").all()) expect(await link.getAttribute("href")).toBeNull();
    await markdown
      .locator("a")
      .first()
      .click()
      .catch(() => undefined);
    expect(await page.evaluate("window.__xss")).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it("stops a reply on the server, and shows it stored as interrupted", async () => {
    upstream.configure({ script: undefined, tokens: 400, tokenIntervalMs: 100 });
    upstream.reset();
    const { page, problems } = await openPage();
    const answer = await ask(page, "아주 긴 답변을 천천히 해 주세요");
    await waitFor(async () => (await textOf(answer.locator(".markdown"))).length > 20, { timeoutMs: LONG, what: "a few tokens" });
    await page.getByRole("button", { name: "중지" }).click();

    await answer.getByText("중단됨").waitFor({ timeout: LONG });
    await finished(answer);
    const shown = await textOf(answer.locator(".markdown"));
    const sessionId = await currentSession(page);
    const last = (await storedMessages(sessionId)).at(-1)!;
    expect(last.status).toBe("interrupted");
    expect(last.content.trim()).toBe(shown);
    expect(replyText(400).startsWith(last.content)).toBe(true);
    // The generation stopped at its source: the upstream saw the connection closed long before 400 tokens.
    const call = upstream.requests.at(-1)!;
    expect(call.closedEarly).toBe(true);
    expect(call.tokensSent).toBeLessThan(400);
    expect(await page.getByRole("button", { name: "중지" }).count()).toBe(0);

    // Stored so: after a reload the conversation shows it interrupted still.
    await page.reload();
    await answers(page).last().getByText("중단됨").waitFor({ timeout: LONG });
    expect(await textOf(answers(page).last().locator(".markdown"))).toBe(shown);
    await screenshot(page, "web-chat-stopped.png");
    expect(problems).toEqual([]);
  });

  it("picks a reply up where it was after a reload in the middle of it, without repeating any of it", async () => {
    const tokens = 80;
    upstream.configure({ script: undefined, tokens, tokenIntervalMs: 100 });
    const { page, problems, requests } = await openPage();
    const answer = await ask(page, "새로고침해도 답변이 이어지나요?");
    await waitFor(async () => (await textOf(answer.locator(".markdown"))).length > 15, { timeoutMs: LONG, what: "a few tokens" });
    const before = await textOf(answer.locator(".markdown"));

    await page.reload();
    const resumed = answers(page).last();
    await resumed.getByText("이어서 받는 중").waitFor({ timeout: LONG });
    await screenshot(page, "web-chat-resumed.png");
    await finished(resumed);

    expect(await textOf(resumed.locator(".markdown"))).toBe(replyText(tokens).trim());
    expect(replyText(tokens).startsWith(before)).toBe(true);
    expect(await answers(page).count()).toBe(1);
    expect(await questions(page).count()).toBe(1);
    // The resume asked for the events after the last one the page had seen, not the whole stream again.
    const resume = requests.find((request) => request.url.includes("/api/chat/streams/"));
    expect(resume).toBeDefined();
    expect(Number(resume!.headers["last-event-id"])).toBeGreaterThan(2);
    const sessionId = await currentSession(page);
    const stored = await storedMessages(sessionId);
    expect(stored.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(stored[1]!.content).toBe(replyText(tokens));
    expect(problems).toEqual([]);
  });

  it("uploads a Korean PDF, follows it to ready, answers from it and opens the cited page", async () => {
    upstream.configure({ script: undefined, tokens: 12, tokenIntervalMs: 20 });
    const filler = (page: number) => Array.from({ length: 12 }, (_, line) => `${page}쪽 ${line + 1}번째 줄: 청년 주거 정책의 배경과 추진 경과를 설명하는 문장입니다.`);
    const pages = [
      ["청년 주거 지원 안내서", "이 안내서는 청년 월세 지원 사업을 설명합니다.", ...filler(1)],
      ["지원 금액", "월세 지원금은 매달 최대 20만 원입니다.", "지원 기간은 최장 12개월입니다."],
      ["신청 방법", "복지로 누리집이나 주민센터에서 신청합니다.", ...filler(3)],
      ...Array.from({ length: 9 }, (_, index) => filler(index + 4)),
    ];
    const file = join(dataDir, "청년-주거-지원.pdf");
    writeFileSync(file, buildKoreanPdf({ pages, title: "청년 주거 지원 안내" }));

    const { page, problems, requests } = await openPage();
    await page.getByLabel("문서 올리기").setInputFiles(file);
    const row = page.getByRole("region", { name: "문서" }).getByRole("listitem").filter({ hasText: /청년/ });
    await row.waitFor({ timeout: LONG });
    await screenshot(page, "web-documents-progress.png");
    await row.getByText("준비됨").waitFor({ timeout: LONG });
    expect(await textOf(row)).toContain("12쪽");
    // Followed live through the document's event stream, not by reloading the list.
    expect(requests.some((request) => /^\/api\/documents\/[^/]+\/events$/.test(new URL(request.url).pathname))).toBe(true);

    const answer = await ask(page, "월세 지원금은 한 달에 얼마인가요?");
    await finished(answer);
    const cited = answer.getByRole("region", { name: "출처" }).getByRole("button", { name: /2쪽/ }).first();
    await cited.waitFor({ timeout: LONG });
    // Titled after the file, as the upload named none.
    expect(await textOf(cited)).toContain("청년-주거-지원");
    await cited.click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor({ timeout: LONG });
    expect(await textOf(dialog.getByRole("heading"))).toContain("2쪽");
    await waitFor(async () => (await textOf(dialog)).includes("월세 지원금은 매달 최대 20만 원입니다."), { timeoutMs: LONG, what: "the passage" });
    await screenshot(page, "web-sources.png");
    await dialog.getByRole("button", { name: "닫기" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(problems).toEqual([]);
  });

  it("uploads a file dropped on the page, and deletes a document", async () => {
    const { page, problems } = await openPage();
    const text = "# 휴가 규정\n\n연차는 입사 1년 후 15일입니다. 반차는 오전과 오후로 나누어 쓸 수 있습니다.";
    const transfer = await page.evaluateHandle(
      `(() => { const data = new DataTransfer(); data.items.add(new File([${JSON.stringify(text)}], "휴가-규정.md", { type: "text/markdown" })); return data; })()`,
    );
    await page.locator(".dropzone").dispatchEvent("drop", { dataTransfer: transfer });
    const row = page.getByRole("region", { name: "문서" }).getByRole("listitem").filter({ hasText: "휴가" });
    await row.getByText("준비됨").waitFor({ timeout: LONG });
    const listed = (await (await fetch(`${system.url}/api/documents?limit=200`)).json()) as { documents: Array<{ document_id: string; filename: string }> };
    const id = listed.documents.find((document) => document.filename === "휴가-규정.md")!.document_id;

    await row.getByRole("button", { name: "삭제" }).click();
    await row.getByRole("button", { name: "정말 삭제" }).click();
    await row.waitFor({ state: "detached", timeout: LONG });
    expect((await fetch(`${system.url}/api/documents/${id}`)).status).toBe(404);
    expect(problems).toEqual([]);
  });

  it("takes several files at once, follows each to ready, and keeps answering meanwhile", async () => {
    upstream.configure({ script: undefined, tokens: 12, tokenIntervalMs: 20 });
    const { page, problems } = await openPage();
    const files = ["인사", "복지", "보안", "출장", "교육"].map((topic, index) => ({
      name: `${topic}-규정.txt`,
      mimeType: "text/plain",
      buffer: Buffer.from(`${topic} 규정 제${index + 1}조: ${topic} 업무는 담당 부서의 승인을 받아 처리합니다.`, "utf8"),
    }));
    await page.getByLabel("문서 올리기").setInputFiles(files);
    const answer = await ask(page, "출장 규정을 알려 주세요");
    await finished(answer);
    expect(await textOf(answer.locator(".markdown"))).toBe(replyText(12).trim());
    const region = page.getByRole("region", { name: "문서" });
    for (const file of files) {
      await region
        .getByRole("listitem")
        .filter({ hasText: file.name.replace(".txt", "") })
        .getByText("준비됨")
        .waitFor({ timeout: LONG });
    }
    expect(problems).toEqual([]);
  });

  it("shows a server error in plain Korean with its code", async () => {
    upstream.configure({ script: undefined, tokens: 12, tokenIntervalMs: 0 });
    const { page, problems } = await openPage();

    // Refused before anything is stored (422): the question goes back into the box.
    const tooLong = "가".repeat(32_001);
    await page.getByRole("textbox", { name: "메시지" }).fill(tooLong);
    await page.getByRole("button", { name: "보내기" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor({ timeout: LONG });
    expect(await textOf(alert)).toContain("입력한 내용이 올바르지 않습니다");
    expect(await textOf(alert)).toContain("validation_failed");
    expect(await textOf(alert)).toContain("message");
    await waitFor(async () => (await page.getByRole("textbox", { name: "메시지" }).inputValue()) === tooLong, { what: "the question back in the box" });
    expect(await answers(page).count()).toBe(0);

    // The LLM fails mid-way: the stream's error event, and the reply stored failed with its code.
    upstream.fail({ kind: "status", status: 503, message: "업스트림 점검 중" });
    const answer = await ask(page, "지금 답할 수 있나요?");
    await finished(answer);
    await waitFor(async () => /언어 모델/.test(await textOf(alert)), { timeoutMs: LONG, what: "the error to be explained" });
    const code = /\b(upstream_\w+)\b/.exec(await textOf(alert))?.[1];
    expect(code).toEqual(expect.stringMatching(/^upstream_/));
    expect(await textOf(answer)).toContain("실패");
    expect(await textOf(answer)).toContain(code!);
    const stored = (await storedMessages(await currentSession(page))).at(-1)!;
    expect(stored.status).toBe("failed");
    await screenshot(page, "web-error.png");
    expect(problems).toEqual([]);
  });

  it("keeps this browser's conversations: opens, renames and deletes them", async () => {
    upstream.configure({ script: undefined, tokens: 6, tokenIntervalMs: 0 });
    const { page, problems } = await openPage();
    await finished(await ask(page, "첫 번째 대화입니다"));
    const first = await currentSession(page);
    await page.getByRole("button", { name: "새 대화" }).click();
    await waitFor(async () => (await answers(page).count()) === 0, { what: "an empty conversation" });
    await finished(await ask(page, "두 번째 대화입니다"));
    const second = await currentSession(page);
    expect(second).not.toBe(first);

    const list = page.getByRole("navigation", { name: "대화 목록" });
    const entries = list.getByRole("listitem");
    expect(await entries.count()).toBe(2);
    expect(await textOf(entries.first())).toContain("두 번째 대화입니다");

    // Open the first: its messages come from the API.
    await list.getByRole("button", { name: "첫 번째 대화입니다" }).click();
    await waitFor(async () => (await textOf(questions(page).first().locator(".message-body"))) === "첫 번째 대화입니다", {
      timeoutMs: LONG,
      what: "the first conversation",
    });

    // Rename it; the name survives a reload.
    const entry = entries.filter({ hasText: "첫 번째 대화입니다" });
    await entry.getByRole("button", { name: "이름 바꾸기" }).click();
    await list.getByRole("textbox", { name: "대화 이름" }).fill("연차 문의");
    await list.getByRole("button", { name: "저장" }).click();
    await list.getByRole("button", { name: "연차 문의" }).waitFor();
    await page.reload();
    await list.getByRole("button", { name: "연차 문의" }).waitFor({ timeout: LONG });

    // Delete the second: gone from the list and from the server.
    const doomed = entries.filter({ hasText: "두 번째 대화입니다" });
    await doomed.getByRole("button", { name: "삭제" }).click();
    await doomed.getByRole("button", { name: "정말 삭제" }).click();
    await doomed.waitFor({ state: "detached", timeout: LONG });
    expect((await fetch(`${system.url}/api/sessions/${second}`)).status).toBe(404);
    expect(await entries.count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it("speaks English when asked, and Korean again", async () => {
    const { page } = await openPage();
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "New chat" }).waitFor();
    expect(await page.getByRole("textbox", { name: "Message" }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Send" }).count()).toBe(1);
    expect(await page.getByLabel("Upload documents").count()).toBe(1);
    expect(await page.evaluate("document.documentElement.lang")).toBe("en");
    await screenshot(page, "web-english.png");
    await page.getByRole("button", { name: "한국어" }).click();
    await page.getByRole("button", { name: "새 대화" }).waitFor();
  });
});

describe("the web chat page with AUTH_MODE=api_key", () => {
  let gateway: ServiceHandle;
  let url: string;

  beforeAll(async () => {
    const config = loadGatewayConfig({
      AUTH_MODE: "api_key",
      ADMIN_API_KEY: ADMIN_KEY,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "silent",
      INTERNAL_TOKEN,
      SESSION_ADDR: system.services.session,
      RETRIEVAL_ADDR: system.services.retrieval,
      LLM_PROXY_ADDR: system.services.llmProxy,
      INGEST_ADDR: system.services.ingest,
    });
    gateway = await startGateway(config, { logger: testLogger("gateway-web"), registry: createMetricsRegistry({ collectDefaults: false }) });
    url = `http://127.0.0.1:${gateway.port}`;
  }, scaledTimeout(60_000));
  afterAll(() => gateway?.stop());

  it("asks for the key, keeps it in the tab and sends it only as a header, streams included", async () => {
    upstream.configure({ script: undefined, tokens: 16, tokenIntervalMs: 30 });
    const created = await fetch(`${url}/api/admin/keys`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY },
      body: JSON.stringify({ tenant: "웹-테넌트", name: "브라우저" }),
    });
    const { key } = (await created.json()) as { key: string };

    const { page, problems, requests } = await openPage(url);
    const field = page.getByRole("textbox", { name: "API 키" });
    await field.waitFor({ timeout: LONG });
    expect(await textOf(page.getByRole("alert"))).toContain("missing_api_key");
    await screenshot(page, "web-api-key.png");

    await field.fill(key);
    await page.getByRole("button", { name: "저장" }).click();
    await field.waitFor({ state: "detached" });
    const answer = await ask(page, "키로 접속했어요");
    await finished(answer);
    expect(await textOf(answer.locator(".markdown"))).toBe(replyText(16).trim());

    // After a reload the key is still there (sessionStorage) and the conversation too.
    await page.reload();
    await waitFor(async () => (await answers(page).count()) === 1, { timeoutMs: LONG, what: "the conversation after a reload" });
    expect(await page.getByRole("textbox", { name: "API 키" }).count()).toBe(0);

    const api = requests.filter((request) => new URL(request.url).pathname.startsWith("/api/") && !request.url.endsWith("/api/health"));
    expect(api.length).toBeGreaterThan(3);
    expect(api.some((request) => request.url.includes("/api/chat/stream"))).toBe(true);
    expect(requests.filter((request) => request.url.includes(key) || request.url.includes("api_key="))).toEqual([]);
    const afterKey = api.filter((request) => request.headers.authorization !== undefined);
    expect(afterKey.every((request) => request.headers.authorization === `Bearer ${key}`)).toBe(true);
    expect(afterKey.some((request) => request.url.includes("/api/chat/stream"))).toBe(true);
    expect(problems).toEqual([]);
  });
});
