import type { Browser } from "playwright-core";

/**
 * Debian's Chromium (the `chromium` package), headless, as every browser test drives it:
 * playwright-core cannot download browsers here. QUIC is off so the pages talk HTTP/1.1 to
 * loopback servers, and the background services that phone home are off so nothing but the
 * test's own requests leaves the browser.
 */
export async function launchTestChromium(): Promise<Browser> {
  // Loaded on first use: most suites import the test kit and never start a browser.
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
