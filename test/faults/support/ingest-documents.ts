import { chunkDocument } from "../../../services/ingest/src/domain/korean-chunker";
import { parseDocument } from "../../../services/ingest/src/parsing/parse-document";

/** Small chunks so that every short document is cut into several. */
export const CHUNKING = { size: 120, overlap: 20 };

export interface KoreanTextDocument {
  filename: string;
  title: string;
  content: Buffer;
}

const CITIES = ["서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "수원", "전주"];
const TOPICS = ["도서관 이용", "버스 노선 변경", "재활용 분리배출", "청년 주거 지원", "공원 개방 시간"];

/**
 * The n-th of many distinct Korean notices, four paragraphs each. Every sentence names the
 * notice's number, so no two documents (and no two chunks anywhere) share a text.
 */
export function koreanNotice(n: number): KoreanTextDocument {
  const city = CITIES[n % CITIES.length]!;
  const topic = TOPICS[Math.floor(n / CITIES.length) % TOPICS.length]!;
  const title = `${city} ${topic} 안내 제${n}호`;
  const paragraphs = [
    `${title}입니다. 이 안내문은 ${city} 시민 여러분께 ${topic}에 관한 내용을 알려 드리기 위해 작성되었습니다.`,
    `제${n}호 안내에 따르면 ${topic} 신청은 평일 오전 9시부터 오후 6시까지 받습니다. 주말과 공휴일에는 온라인으로만 접수합니다.`,
    `${city}시청 민원실은 제${n}호 안내와 관련된 문의를 전화로도 받습니다. 상담 대기 시간은 평균 10분 정도입니다.`,
    `자세한 내용은 ${city} 누리집의 제${n}호 공지 게시판에서 확인하실 수 있습니다. 감사합니다.`,
  ];
  return { filename: `안내-${n}.txt`, title, content: Buffer.from(paragraphs.join("\n\n"), "utf8") };
}

/** How many chunks the ingest service's own chunker makes of a plain-text document. */
export async function expectedChunkCount(document: KoreanTextDocument): Promise<number> {
  return chunkDocument(await parseDocument(document.content, "text/plain"), CHUNKING).length;
}
