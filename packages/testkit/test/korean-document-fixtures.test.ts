import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { fixtureProvenance, KOREAN_DOCUMENTS, KOREAN_DOCUMENTS_DIR, koreanDocument } from "../src";

describe("Korean document fixtures", () => {
  it("records every fixture file with its source, licence and the sha256 of its bytes", () => {
    const recorded = fixtureProvenance();
    const files = readdirSync(KOREAN_DOCUMENTS_DIR).filter((file) => file !== "provenance.json");
    expect(recorded.map((entry) => entry.file).sort()).toEqual(files.sort());
    for (const entry of recorded) {
      const bytes = koreanDocument(entry.file);
      expect({ file: entry.file, sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length }).toEqual({
        file: entry.file,
        sha256: entry.sha256,
        bytes: entry.bytes,
      });
      expect(entry.repository).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(entry.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(entry.licence).not.toBe("");
    }
  });

  it("names only recorded files", () => {
    const recorded = new Set(fixtureProvenance().map((entry) => entry.file));
    for (const fixture of Object.values(KOREAN_DOCUMENTS)) expect(recorded).toContain(fixture.file);
  });
});
