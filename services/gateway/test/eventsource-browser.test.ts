import type { Browser } from "playwright-core";
import { launchTestChromium, replyToken, scaledTimeout } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { ADMIN_KEY, accessApp, createKey } from "./support/access-app";

let harness: GatewayHarness;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  harness = await startGatewayHarness();
  baseUrl = await harness.listen();
  browser = await launchTestChromium();
}, scaledTimeout(60_000));
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
    const text = events
      .filter((event) => "chunk" in event)
      .map((event) => event.chunk)
      .join("");
    expect(text).toBe(Array.from({ length: 16 }, (_, index) => replyToken(index)).join(""));
    expect(Number(received.lastEventId)).toBe(events.length);
    await page.close();
  });

  it("authenticates with ?api_key= in AUTH_MODE=api_key, and is refused without it", async () => {
    const guarded = await accessApp(harness, { AUTH_MODE: "api_key", ADMIN_API_KEY: ADMIN_KEY });
    const page = await browser.newPage();
    try {
      const { key } = await createKey(guarded.app, "브라우저-테넌트");
      await page.goto(`${await guarded.listen()}/livez`);
      const outcome = (url: string) =>
        page.evaluate(
          (target) =>
            new Promise<{ last?: Record<string, unknown>; failed: boolean }>((resolve) => {
              const source = new EventSource(target);
              source.onmessage = (event) => {
                const data = JSON.parse(event.data);
                if (data.done || data.error) {
                  source.close();
                  resolve({ last: data, failed: false });
                }
              };
              // A 401 is not an event stream: EventSource gives up at once, without reconnecting.
              source.onerror = () => {
                source.close();
                resolve({ failed: true });
              };
            }),
          url,
        );
      const message = encodeURIComponent("키를 주소에 넣어도 되나요?");
      expect(await outcome(`/api/chat/stream?message=${message}&api_key=${encodeURIComponent(key)}`)).toEqual({
        last: expect.objectContaining({ done: true, finish_reason: "stop" }),
        failed: false,
      });
      expect(await outcome(`/api/chat/stream?message=${message}`)).toEqual({ failed: true });
    } finally {
      await page.close();
      await guarded.close();
    }
  });
});
