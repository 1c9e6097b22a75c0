import { chunkDocument } from "../src/domain/korean-chunker";
import type { ParsedDocument } from "../src/domain/parsed-document";
import { splitSentences } from "../src/domain/sentence-splitter";

const textDocument = (text: string, heading = ""): ParsedDocument => ({ pages: [{ page: 0, sections: [{ heading, text }] }], pageCount: 1 });

describe("Korean sentence splitting", () => {
  it("ends sentences at Korean endings with . ? ! and 。", () => {
    expect(splitSentences("서울은 수도입니다. 정말 그렇습니까? 네, 맞아요. 그렇죠! 어디로 갈까? 좋다。다음 문장")).toEqual([
      "서울은 수도입니다.",
      "정말 그렇습니까?",
      "네, 맞아요.",
      "그렇죠!",
      "어디로 갈까?",
      "좋다。",
      "다음 문장",
    ]);
  });

  it("keeps decimals, list numbers, abbreviations and closing quotes with their sentence", () => {
    expect(splitSentences('원주율은 약 3.14이다. 1. 첫째 항목은 U.S. 달러로 표시합니다. 그가 "안녕하세요." 하고 말했다.')).toEqual([
      "원주율은 약 3.14이다.",
      "1. 첫째 항목은 U.S. 달러로 표시합니다.",
      '그가 "안녕하세요." 하고 말했다.',
    ]);
    expect(splitSentences('그가 말했다. "반갑습니다!" 모두 웃었다. (참고로 비가 왔다.) 끝.')).toEqual([
      "그가 말했다.",
      '"반갑습니다!"',
      "모두 웃었다.",
      "(참고로 비가 왔다.)",
      "끝.",
    ]);
  });

  it("ends a sentence at a line break after a Korean final ending even without a period (PDF lines)", () => {
    expect(splitSentences("회의는 내일 열립니다\n장소는 본관이에요\n시간은 오후\n세 시입니다.")).toEqual([
      "회의는 내일 열립니다",
      "장소는 본관이에요",
      "시간은 오후 세 시입니다.",
    ]);
  });
});

describe("Korean chunking", () => {
  it("keeps a short document in one chunk with its page and section", () => {
    const chunks = chunkDocument(
      { pages: [{ page: 3, sections: [{ heading: "개요", text: "개요\n\n한강은 서울을 흐른다. 🌊" }] }], pageCount: 3 },
      { size: 100, overlap: 20 },
    );
    expect(chunks).toEqual([{ text: "개요\n\n한강은 서울을 흐른다. 🌊", page: 3, section: "개요", chunkIndex: 0 }]);
  });

  it("never crosses a page or a heading, and numbers chunks across the document", () => {
    const document: ParsedDocument = {
      pages: [
        { page: 1, sections: [{ heading: "", text: "첫 쪽입니다." }] },
        {
          page: 2,
          sections: [
            { heading: "역사", text: "역사\n\n조선은 1392년에 세워졌다." },
            { heading: "지리", text: "지리\n\n한반도는 삼면이 바다다." },
          ],
        },
      ],
      pageCount: 2,
    };
    const chunks = chunkDocument(document, { size: 1000, overlap: 200 });
    expect(chunks.map((chunk) => [chunk.chunkIndex, chunk.page, chunk.section])).toEqual([
      [0, 1, ""],
      [1, 2, "역사"],
      [2, 2, "지리"],
    ]);
    expect(chunks[2]!.text).toBe("지리\n\n한반도는 삼면이 바다다.");
  });

  it("cuts at sentence ends within the size and repeats whole sentences as overlap", () => {
    const sentences = Array.from({ length: 12 }, (_, index) => `${index + 1}번째 문장은 한국어로 쓴 예문입니다.`);
    const chunks = chunkDocument(textDocument(sentences.join(" ")), { size: 80, overlap: 30 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(80);
      expect(chunk.text).toMatch(/^\d+번째/);
      expect(chunk.text).toMatch(/니다\.$/);
    }
    for (let index = 1; index < chunks.length; index += 1) {
      const previousLast = chunks[index - 1]!.text.split(/(?<=니다\.) /).at(-1)!;
      expect(chunks[index]!.text.startsWith(previousLast)).toBe(true);
    }
    const covered = new Set(chunks.flatMap((chunk) => chunk.text.split(/(?<=니다\.) /)));
    for (const sentence of sentences) expect(covered).toContain(sentence);
  });

  it("prefers paragraph boundaries to packing unrelated paragraphs together", () => {
    const text = "첫 문단의 첫 문장이에요. 첫 문단의 둘째 문장이죠.\n\n둘째 문단은 여기서 시작합니다.";
    const chunks = chunkDocument(textDocument(text), { size: 40, overlap: 0 });
    expect(chunks.map((chunk) => chunk.text)).toEqual(["첫 문단의 첫 문장이에요. 첫 문단의 둘째 문장이죠.", "둘째 문단은 여기서 시작합니다."]);
  });

  it("splits an overlong sentence at spaces, never inside a word", () => {
    const words = Array.from({ length: 40 }, (_, index) => `낱말${index}`);
    const chunks = chunkDocument(textDocument(words.join(" ")), { size: 30, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(30);
      for (const word of chunk.text.split(" ")) expect(words).toContain(word);
    }
    expect(chunks.map((chunk) => chunk.text).join(" ")).toBe(words.join(" "));
  });

  it("overlaps by trailing words when no whole sentence fits in the overlap", () => {
    const words = Array.from({ length: 30 }, (_, index) => `단어${index}`);
    const chunks = chunkDocument(textDocument(words.join(" ")), { size: 40, overlap: 12 });
    expect(chunks.length).toBeGreaterThan(2);
    for (let index = 1; index < chunks.length; index += 1) {
      const [first] = chunks[index]!.text.split(" ");
      const previous = chunks[index - 1]!.text;
      const overlap = previous.slice(previous.lastIndexOf(` ${first} `) + 1);
      expect(overlap.length).toBeGreaterThan(0);
      expect(overlap.length).toBeLessThanOrEqual(12);
      expect(chunks[index]!.text.startsWith(overlap)).toBe(true);
    }
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(40);
  });

  it("cuts a single token longer than a chunk only because there is no other way, keeping emoji whole", () => {
    const token = "가".repeat(25) + "😀" + "나".repeat(25);
    const chunks = chunkDocument(textDocument(token), { size: 20, overlap: 0 });
    expect(chunks.map((chunk) => chunk.text).join("")).toBe(token);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(20);
      expect(chunk.text).not.toMatch(/[\ud800-\udbff]$/);
    }
  });

  it("rejects an overlap that is not smaller than the size", () => {
    expect(() => chunkDocument(textDocument("문장입니다."), { size: 10, overlap: 10 })).toThrow(RangeError);
  });
});
