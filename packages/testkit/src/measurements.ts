import { appendFileSync } from "node:fs";

/**
 * Numbers a test measures on its way (recovery times, fuzz tallies) that are worth reading
 * but are not pass/fail: appended as one JSON line to the file named by
 * TEST_MEASUREMENTS_FILE, and kept out of the suite's output otherwise.
 */
export function reportMeasurement(name: string, values: unknown): void {
  const file = process.env.TEST_MEASUREMENTS_FILE;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), values })}\n`);
}
