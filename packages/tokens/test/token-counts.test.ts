import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { countTokens } from "gpt-tokenizer";
import { scaledTimeout, spacelessHangul } from "@chatbot/testkit";
import { countPromptTokens, countPromptTokensAsync, countTextTokens, countTextTokensAsync, ONE_CALL_LENGTH } from "../src";
import { boundedPieces, boundedPieceSteps, isWhitespace, MAX_PIECE_LENGTH } from "../src/bounded-pieces";

/** The API's longest message (the gateway's and the session service's schemas). */
const LONGEST_MESSAGE = 32_000;

const COUNT_CPU = join(__dirname, "support/count-cpu.ts");
const EVENT_LOOP_GAP = join(__dirname, "support/event-loop-gap.ts");

describe("countTextTokens", () => {
  it.each([
    ["an empty text", ""],
    ["a Korean question", "연말정산 서류는 언제까지 내야 하나요?"],
    ["an English paragraph", "The deadline is January 15th. Send the forms to HR, and keep a copy. ".repeat(30)],
    ["Korean with emoji and numbers", "회의는 3시 30분이에요 🙂👩‍💻 장소: 2층 회의실 (B-201). ".repeat(40)],
    ["a long URL", `https://example.com/${"segment-name_42/".repeat(20)}?q=한국어&page=3`],
    ["code", "function add(a, b) {\n  return a + b; // 합계\n}\n".repeat(20)],
    ["a long word just under the piece length", "가".repeat(MAX_PIECE_LENGTH - 1)],
    ["Chinese sentences", "今天天气很好，我们去公园散步吧。".repeat(30)],
  ])("is exact for %s", (_label, text) => {
    expect(countTextTokens(text)).toBe(text ? countTokens(text) : 0);
  });

  it.each([
    ["Hangul syllables", spacelessHangul(4_000, 7)],
    ["one Latin letter", "a".repeat(4_000)],
    ["emoji after a symbol", "!" + "🙂".repeat(2_000)],
    ["a separator line", "=".repeat(4_000)],
    ["spaces", " ".repeat(4_000) + "x"],
    ["spaces and newlines", " \n".repeat(2_000)],
    ["a Korean sentence around a run", `안녕하세요 ${spacelessHangul(3_000, 8)} 감사합니다.`],
  ])("counts a long run of %s at most a token per cut above the exact count", (_label, text) => {
    const exact = countTokens(text);
    const counted = countTextTokens(text);
    const cuts = boundedPieces(text).length - 1;
    expect(counted - exact).toBeGreaterThanOrEqual(0);
    expect(counted - exact).toBeLessThanOrEqual(cuts);
  });

  it("counts the tokenizer's special tokens in a text as the text they spell, like any other", () => {
    const text = "끝 <|endoftext|> 그리고 <|im_start|>user<|im_sep|>안녕<|im_end|>";
    expect(countTextTokens(text)).toBe(countTokens(text, { disallowedSpecial: new Set() }));
    expect(countTextTokens(text)).toBeGreaterThan(text.split("<|").length);
  });

  it("counts the longest message, one run of Hangul without a space, in a fraction of a second", () => {
    // Counted as one pre-token this took about 5 s of CPU; in pieces it takes about a tenth of a second.
    const output = execFileSync(process.execPath, ["--import", "tsx", COUNT_CPU, "--length", String(LONGEST_MESSAGE), "--seed", "11"], {
      encoding: "utf8",
      timeout: 60_000,
    });
    const { tokens, cpuMs } = JSON.parse(output) as { tokens: number; cpuMs: number };
    expect(tokens).toBeGreaterThan(LONGEST_MESSAGE);
    expect(cpuMs).toBeLessThan(500);
  });

  it("counts a prompt as its messages plus the chat framing", () => {
    const messages = [{ content: "안녕하세요" }, { content: spacelessHangul(1_000, 3) }];
    expect(countPromptTokens(messages)).toBe(3 + (3 + countTextTokens("안녕하세요")) + (3 + countTextTokens(messages[1]!.content)));
  });
});

describe("countTextTokensAsync", () => {
  it.each([
    ["an empty text", ""],
    ["a Korean question", "연말정산 서류는 언제까지 내야 하나요?"],
    ["Hangul words, one piece longer than a slice", spacelessHangul(12_000, 21).replace(/(.{4})./g, "$1 ")],
    ["Hangul syllables without a space", spacelessHangul(6_000, 22)],
    ["sentences around long runs", `안녕하세요. ${spacelessHangul(3_000, 23)} ${"🙂".repeat(700)}\n${"=".repeat(900)}\n${"회의는 3시예요. ".repeat(300)}`],
    ["one Latin letter", "a".repeat(20_000)],
    ["letters and symbols taking turns", "ab-cd/".repeat(3_000)],
    ["emoji after a symbol", "!" + "🙂".repeat(5_000)],
    ["spaces", " ".repeat(9_000) + "x"],
    ["special tokens quoted as text", "<|endoftext|> 안녕 ".repeat(200)],
  ])("gives the synchronous count of %s", async (_label, text) => {
    await expect(countTextTokensAsync(text)).resolves.toBe(countTextTokens(text));
  });

  it("counts a prompt like countPromptTokens, long messages and short ones", async () => {
    const messages = [
      { content: "안녕하세요" },
      { content: spacelessHangul(5_000, 24) },
      { content: "좋아요. ".repeat(200) },
      { content: spacelessHangul(2_000, 25).replace(/(.{6})./g, "$1 ") },
    ];
    await expect(countPromptTokensAsync(messages)).resolves.toBe(countPromptTokens(messages));
  });

  it(
    "holds the event loop a few milliseconds at a time while counting the longest message",
    () => {
      // Counted in one call, the event loop waits the whole count, about a tenth of a second (--sync).
      // The best of three runs: on a busy machine the OS may stop any one of them mid-count, and
      // that pause would show as a gap; a count that really held the loop does so every time.
      const runs = [12, 13, 14].map((seed) => {
        const output = execFileSync(process.execPath, ["--import", "tsx", EVENT_LOOP_GAP, "--length", String(LONGEST_MESSAGE), "--seed", String(seed)], {
          encoding: "utf8",
          timeout: 60_000,
        });
        return JSON.parse(output) as { tokens: number; syncTokens: number; longestGapMs: number };
      });
      for (const run of runs) expect(run.tokens).toBe(run.syncTokens);
      expect(Math.min(...runs.map((run) => run.longestGapMs))).toBeLessThan(scaledTimeout(30));
    },
    scaledTimeout(60_000),
  );

  it("stops counting when its signal aborts, with the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("the client went away");
    const counting = countTextTokensAsync(spacelessHangul(16_000, 26), { signal: controller.signal });
    setImmediate(() => controller.abort(reason));
    await expect(counting).rejects.toBe(reason);
  });

  it("does not start when its signal has already aborted, however short the text", async () => {
    const controller = new AbortController();
    controller.abort(new Error("gone"));
    await expect(countTextTokensAsync("안녕", { signal: controller.signal })).rejects.toThrow("gone");
    await expect(countTextTokensAsync("가".repeat(ONE_CALL_LENGTH + 1), { signal: controller.signal })).rejects.toThrow("gone");
    await expect(countPromptTokensAsync([{ content: "안녕" }], { signal: controller.signal })).rejects.toThrow("gone");
  });
});

describe("boundedPieceSteps", () => {
  it("finds the pieces of boundedPieces, whatever the window", () => {
    // Runs of each class a little shorter and longer than a piece, marks, surrogate pairs and the other whitespace.
    const alphabet = ["a", "가", "\u0301", "🙂", "!", "=", "1", " ", "\n", "\u00a0", "中"];
    let state = 7;
    const random = (below: number) => {
      state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
      return state % below;
    };
    for (let sample = 0; sample < 150; sample++) {
      let text = "";
      while (text.length < 1_500) text += alphabet[random(alphabet.length)]!.repeat(1 + random(random(2) ? 20 : 300));
      const expected = boundedPieces(text);
      for (const window of [2, 37, 300, 8_192]) {
        expect([...boundedPieceSteps(text, window)].filter((step) => step !== undefined)).toEqual(expected);
      }
    }
  });

  it("searches no more than a window of text between two steps", () => {
    const text = "ab-cd/".repeat(20_000);
    const steps = [...boundedPieceSteps(text, 1_000)];
    expect(steps.filter((step) => step !== undefined)).toEqual([text]);
    expect(steps.length).toBeGreaterThan(text.length / 1_000 - 1);
  });
});

describe("boundedPieces", () => {
  it("returns ordinary text whole", () => {
    const text = "오늘 서울 날씨 어때요? ".repeat(500);
    expect(boundedPieces(text)).toEqual([text]);
  });

  it("cuts long runs into pieces no longer than the piece length that join back into the text", () => {
    const text = `앞 문장. ${spacelessHangul(1_000, 5)} 가운데 ${"🙂".repeat(300)} ${"-".repeat(500)}\n${" ".repeat(400)}끝`;
    const pieces = boundedPieces(text);
    expect(pieces.join("")).toBe(text);
    expect(Math.max(...pieces.map((piece) => longestRun(piece)))).toBeLessThanOrEqual(MAX_PIECE_LENGTH);
  });

  it("never cuts between the halves of a surrogate pair", () => {
    for (const lead of ["", "!", "!!"]) {
      for (const piece of boundedPieces(lead + "🙂".repeat(1_000))) {
        expect(piece).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }
    }
  });

  it("agrees with the regular expression class \\s on every UTF-16 code unit", () => {
    const disagreements: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (isWhitespace(code) !== /\s/.test(String.fromCharCode(code))) disagreements.push(code);
    }
    expect(disagreements).toEqual([]);
  });
});

/** The longest stretch of letters, of symbols or of whitespace in a text. */
function longestRun(text: string): number {
  let longest = 0;
  for (const [run] of text.matchAll(/[\p{L}\p{M}]+|[^\s\p{L}\p{N}]+|\s+/gu)) longest = Math.max(longest, run.length);
  return longest;
}
