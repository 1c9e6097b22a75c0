import { buildKoreanPdf } from "@chatbot/testkit";

/** Korean prose for test documents; each page names its own topic so search can tell pages apart. */
export const PAGE_TOPICS = [
  ["서울은 대한민국의 수도입니다.", "한강이 도시 한가운데를 흐릅니다.", "인구는 약 940만 명이에요."],
  ["부산은 남동부의 항구 도시입니다.", "해운대 해수욕장이 유명하죠.", "여름에는 관광객이 많습니까? 네, 아주 많아요."],
  ["제주도에는 한라산이 있습니다.", "감귤 농사가 활발합니다.", "올레길을 걷는 사람이 많아요."],
];

export function koreanPdf(pageCount = 3, title = "한국 도시 안내"): Buffer {
  return buildKoreanPdf({ pages: Array.from({ length: pageCount }, (_, index) => PAGE_TOPICS[index % PAGE_TOPICS.length]!), title });
}

/** A multi-page PDF with `linesPerPage` numbered Korean sentences per page (benchmarks, chunking across pages). */
export function longKoreanPdf(pageCount: number, linesPerPage = 30, seed = ""): Buffer {
  const pages = Array.from({ length: pageCount }, (_, page) =>
    Array.from({ length: linesPerPage }, (_, line) => `${seed}${page + 1}쪽 ${line + 1}번째 줄: ${PAGE_TOPICS[(page + line) % 3]![line % 3]}`),
  );
  return buildKoreanPdf({ pages });
}
