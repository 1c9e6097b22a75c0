import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Public Korean documents, one or more per format, recorded in fixtures/korean-documents/provenance.json. */
export const KOREAN_DOCUMENTS_DIR = join(__dirname, "..", "fixtures", "korean-documents");

export interface FixtureProvenance {
  file: string;
  format: string;
  description: string;
  repository: string;
  path: string;
  commit: string;
  licence: string;
  bytes: number;
  sha256: string;
}

export function fixtureProvenance(): FixtureProvenance[] {
  return (JSON.parse(readFileSync(join(KOREAN_DOCUMENTS_DIR, "provenance.json"), "utf8")) as { fixtures: FixtureProvenance[] }).fixtures;
}

/**
 * Each fixture with sentences it is known to hold (read from the document as its author
 * made it), which tests search for.
 */
export const KOREAN_DOCUMENTS = {
  /** HWP, compressed: a three-page press release with tables. */
  pressReleaseHwp: {
    file: "nuri-press-release.hwp",
    sentence:
      "한국형발사체는 1.5톤급 실용위성을 지구 저궤도(600km~800km)까지 쏘아 올릴 수 있는 3단형 우주발사체로, 연간 130여개 기관이 참여하여 2021년 발사를 목표로 개발하고 있다.",
    question: "1.5톤급 실용위성을 저궤도까지 쏘아 올리는 3단형 우주발사체는?",
    /** A sentence of the second page. */
    pageTwoSentence: "발사체 개발에 직접 참여하고 있는 연구자, 산업체 관계자 약 400명의 선호도 조사를 통해 최종 선정하는 절차로 진행되었다.",
    /** A row of the comparison table on page 3. */
    tableRow: "총 길이 | 47.2 m | 25.8 m",
  },
  /** HWP, uncompressed: a 3 x 3 table. */
  tableHwp: { file: "table-uncompressed.hwp", rows: ["ABC 123 | DEF | GHI", "LMN | OPQ | STR", "UVM | 123 | 456"] },
  /** HWPX: a two-page public notice. */
  noticeHwpx: {
    file: "gangnam-legislative-notice.hwpx",
    sentence:
      "국민권익위원회 제도개선 권고사항 및 고용노동부 「공무직 등 근로자 인사관리규정 표준안」개정사항을 반영하여 관리 규정을 개정함으로써 관리 체계에 대한 법적 근거를 마련하고자 함.",
    question: "공무직 관리 규정을 개정하는 이유는 무엇인가요? 법적 근거를 마련하려는 건가요?",
    pageTwoSentence: "의견제출자의 성명(단체 또는 법인의 경우에는 단체명, 법인명, 또는 그 대표자 성명), 주소 및 전화번호",
  },
  /** HWPX: a table of exam scores. */
  tableHwpx: { file: "exam-scores-table.hwpx", rows: ["이름 | 국어 | 영어 | 수학", "개똥이 | 89 | 65 | 78", "칠득이 | 77 | 77 | 77"] },
  /** DOCX: the national anthem's first verse and refrain. */
  anthemDocx: {
    file: "national-anthem.docx",
    sentence: "동해물과 백두산이 마르고 닳도록",
    question: "동해물과 백두산이 마르고 닳도록 다음 구절은?",
  },
  /** DOCX: a 2 x 2 table between two paragraphs. */
  tableDocx: { file: "tables.docx", rows: ["Top left | Top right", "Bottom left | Bottom right"] },
  /** DOCX: a paragraph citing a footnote. */
  footnoteDocx: { file: "footnotes.docx", paragraph: "Ouch.", footnote: "A tachyon walks into a bar." },
  /** PPTX: three slides of tables, in an order their part names do not follow. */
  tablesPptx: { file: "tables.pptx", slides: ["having custom margins | vert anchor is inherited", "merged cell", "a | b | c\n\nd | e | f\n\ng | h | i"] },
  /** PPTX: a title slide. */
  titlePptx: { file: "title-slide.pptx", title: "Presentation Title Text", subtitle: "Subtitle Text" },
  /** XLSX: a timesheet with a header row and two people's hours. */
  timesheetXlsx: {
    file: "timesheet.xlsx",
    sheet: "Timesheet",
    rows: ["Person | ID | Mon | Tue | Wed | Thu | Fri | Sat | Sun | Total Hrs", "Yegor Kozlov | YK | 5.0 | 8.0 | 10.0 | 5.0 | 5.0 | 7.0 | 6.0 | 46.0"],
  },
  /** Plain text in EUC-KR/CP949: a public housing form's power of attorney. */
  powerOfAttorneyEucKr: {
    file: "power-of-attorney.euc-kr.txt",
    sentence: "추후 이와 관련하여 분쟁이 발생할 경우 위임자와 수임자가 책임지고 해결하겠으며, 귀 공사에 어떠한 이의도 제기하지 아니하겠습니다.",
    question: "위임장에서 분쟁이 발생하면 누가 책임지고 해결하나요?",
  },
  /** Plain text in UTF-16LE without a byte order mark. */
  pressPreviewUtf16: {
    file: "nuri-press-release-preview.utf16le.txt",
    sentence: "과기정통부는 한국항공우주연구원(원장 임철호, 이하 ‘항우연’)과 함께",
  },
} as const;

export function koreanDocument(file: string): Buffer {
  return readFileSync(join(KOREAN_DOCUMENTS_DIR, file));
}
