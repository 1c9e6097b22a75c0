import { chromium, type Browser } from "playwright-core";
import { replyToken } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

let harness: GatewayHarness;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  harness = await startGatewayHarness();
  baseUrl = await harness.listen();
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

describe("EventSource in a real browser", () => {
  it("receives a whole reply through GET /api/chat/stream", async () => {
    harness.upstream.configure({ tokens: 16, tokenIntervalMs: 5 });
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/livez`);
    const received = await page.evaluate(
      (message) =>
        new Promise<{ events: unknown[]; lastEventId: string }>((resolve, reject) => {
          const events: unknown[] = [];
          const source = new EventSource(`/api/chat/stream?message=${encodeURIComponent(message)}`);
          source.onmessage = (event) => {
            const data = JSON.parse(event.data);
            events.push(data);
            if (data.done || data.error) {
              source.close();
              resolve({ events, lastEventId: event.lastEventId });
            }
          };
          source.onerror = () => {
            source.close();
            reject(new Error(`EventSource failed after ${events.length} events`));
          };
        }),
      "브라우저에서 스트리밍이 되나요?",
    );
    const events = received.events as Record<string, unknown>[];
    expect(events[0]).toEqual({ session_id: expect.any(String), message_id: expect.any(String) });
    expect(events.at(-1)).toMatchObject({ done: true, finish_reason: "stop" });
    const text = events.filter((event) => "chunk" in event).map((event) => event.chunk).join("");
    expect(text).toBe(Array.from({ length: 16 }, (_, index) => replyToken(index)).join(""));
    expect(Number(received.lastEventId)).toBe(events.length);
    await page.close();
  });
});
