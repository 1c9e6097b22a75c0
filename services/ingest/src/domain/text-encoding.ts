import iconv from "iconv-lite";
import type { TextCharset } from "./document.types";

/** Control characters other than tab, line feed, form feed and carriage return: text never has them. */
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f]/;

const HANGUL_SYLLABLE = /[\uac00-\ud7a3]/;
/**
 * Characters Korean text is made of when it is decoded with the right byte order: ASCII,
 * Hangul (syllables, jamo, compatibility jamo), general and CJK punctuation, full-width
 * forms and a few symbols. CJK ideographs are left out on purpose: UTF-16 read in the
 * wrong byte order turns ASCII and Hangul into ideographs (U+0061 "a" into U+6100).
 */
const KOREAN_TEXT_CHARACTER =
  /[\t\n\f\r\x20-\x7e\u00a0-\u00ff\u1100-\u11ff\u2000-\u206f\u2190-\u21ff\u2460-\u24ff\u25a0-\u25ff\u3000-\u303f\u3130-\u318f\u3200-\u32ff\uac00-\ud7a3\uff00-\uffef]/;

/**
 * The hundred or so syllables that make up about half of running Korean text (particles,
 * endings and the most frequent Sino-Korean syllables). Bytes of another double-byte
 * encoding (GB2312 Chinese, Shift_JIS Japanese) can also decode as valid EUC-KR, but then
 * they land on syllables spread evenly over the 2,350 of KS X 1001, and these few are hit
 * only a few times in a hundred.
 */
const FREQUENT_SYLLABLES = new Set(
  (
    "이다의는에고하을가지서로한기리자사어도대정수시인아나국일적해으있전상부라여게보과문제주들장" +
    "만성경구소요할니화우면그원동세것간학무방를내비마회연생조개신위공중러치발행분운되실르히까선물" +
    "데안저관교금본출거미계합단통않말했였습며및각명년법업용의차체후"
  ).split(""),
);

/** Share of Hangul syllables that must be frequent ones for bytes to be read as EUC-KR. */
const MIN_FREQUENT_SHARE = 0.15;
/** Share of the non-ASCII characters that must be Hangul syllables for bytes to be read as EUC-KR. */
const MIN_HANGUL_SHARE = 0.5;
/** Share of characters that must be Korean text characters for UTF-16 without a byte order mark. */
const MIN_TEXT_SHARE = 0.95;
/**
 * Bytes the encoding is told from when there is no byte order mark and the text is not
 * UTF-8; the whole text is then decoded strictly in the encoding chosen. Tens of
 * megabytes would otherwise be decoded three ways and counted character by character on
 * the thread that answers uploads.
 */
const SAMPLE_BYTES = 64 * 1024;

export interface DecodedText {
  charset: TextCharset;
  /** The whole text, without a byte order mark. */
  text: string;
}

/**
 * The encoding of text bytes, told from the bytes alone, and the text. Accepted: UTF-8
 * (with or without BOM), UTF-16 LE and BE (with a BOM, or without one when only one byte
 * order gives Korean or ASCII text), and EUC-KR with its CP949 (Unified Hangul Code)
 * extension when the bytes decode strictly and read as Korean.
 *
 * Undefined when no encoding can be told for certain: a wrong guess would index garbage
 * that nothing ever finds, so such a file is refused instead.
 */
export function detectTextEncoding(content: Buffer): DecodedText | undefined {
  if (startsWith(content, [0xef, 0xbb, 0xbf])) return textIn(content, "utf-8");
  if (startsWith(content, [0xff, 0xfe])) return textIn(content, "utf-16le");
  if (startsWith(content, [0xfe, 0xff])) return textIn(content, "utf-16be");
  const utf8 = textIn(content, "utf-8");
  if (utf8) return utf8;
  const sample = content.subarray(0, SAMPLE_BYTES);
  if (content.length % 2 === 0) {
    const candidates = (["utf-16le", "utf-16be"] as const).filter((charset) => {
      const text = sampleText(sample, charset);
      return text !== undefined && textShare(text) >= MIN_TEXT_SHARE;
    });
    if (candidates.length > 1) return undefined;
    if (candidates.length === 1) return textIn(content, candidates[0]!);
  }
  // Told from the first non-ASCII byte on (the first one is always a lead byte), so that a long ASCII start does not hide the rest.
  let start = 0;
  while (start < content.length && content[start]! < 0x80) start += 1;
  const eucKr = sampleText(content.subarray(start, start + SAMPLE_BYTES), "euc-kr");
  return eucKr !== undefined && readsAsKorean(eucKr) ? textIn(content, "euc-kr") : undefined;
}

/** A sample's text, strictly decoded but for a character cut at its end. */
function sampleText(sample: Buffer, charset: TextCharset): string | undefined {
  const whole = textIn(sample, charset)?.text;
  if (whole !== undefined || sample.length < SAMPLE_BYTES) return whole;
  // Cut inside a character (a surrogate pair, a two-byte EUC-KR code): drop its first bytes.
  for (let cut = 1; cut <= 3; cut += 1) {
    const text = textIn(sample.subarray(0, sample.length - cut), charset)?.text;
    if (text !== undefined) return text;
  }
  return undefined;
}

/** Whether bytes that are no text in an accepted encoding look like text at all (no NUL or other control bytes). */
export function looksLikeText(content: Buffer): boolean {
  return !CONTROL.test(content.subarray(0, 64 * 1024).toString("latin1"));
}

/**
 * The text of bytes in a known charset, strictly decoded; a byte order mark is dropped.
 * Undefined when the bytes are not valid in that charset or hold control characters.
 */
export function textIn(content: Buffer, charset: TextCharset): DecodedText | undefined {
  const text = decode(content, charset);
  return text === undefined || CONTROL.test(text) ? undefined : { charset, text };
}

/**
 * UTF-8 and UTF-16 through the platform's strict decoder. EUC-KR through iconv-lite's
 * CP949 (Unified Hangul Code) table: the platform's EUC-KR decoder knows only the 2,350
 * syllables of KS X 1001 and silently drops the lead byte of the other 8,822 (똠 comes
 * out as "c"), and iconv-lite has no strict mode, so any replacement character it puts
 * in means the bytes were not CP949.
 */
function decode(content: Buffer, charset: TextCharset): string | undefined {
  if (charset === "euc-kr") {
    const text = iconv.decode(content, "cp949");
    return text.includes("\ufffd") ? undefined : text;
  }
  try {
    return new TextDecoder(charset, { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    return undefined;
  }
}

/** The start of a text for a title: decoded leniently, since a cut may fall inside a character. */
export function textPrefix(content: Buffer, charset: TextCharset, bytes = 4096): string {
  const head = content.subarray(0, bytes);
  const text = charset === "euc-kr" ? iconv.decode(head, "cp949") : new TextDecoder(charset, { ignoreBOM: false }).decode(head);
  return text.replace(/\ufffd$/, "");
}

function readsAsKorean(text: string): boolean {
  let nonAscii = 0;
  let syllables = 0;
  let frequent = 0;
  for (const character of text) {
    if (character.charCodeAt(0) < 0x80) continue;
    nonAscii += 1;
    if (!HANGUL_SYLLABLE.test(character)) continue;
    syllables += 1;
    if (FREQUENT_SYLLABLES.has(character)) frequent += 1;
  }
  return nonAscii > 0 && syllables / nonAscii >= MIN_HANGUL_SHARE && frequent / syllables >= MIN_FREQUENT_SHARE;
}

function textShare(text: string): number {
  if (text.length === 0) return 0;
  let good = 0;
  for (const character of text) if (KOREAN_TEXT_CHARACTER.test(character)) good += 1;
  return good / [...text].length;
}

function startsWith(content: Buffer, bytes: number[]): boolean {
  return content.length >= bytes.length && bytes.every((byte, index) => content[index] === byte);
}
