/**
 * A small Korean relevance set written for the tests: passages on distinct topics and
 * questions phrased the way users ask (other particles and endings than the passage,
 * a word order of their own). Every store must put the gold passage first.
 */
export const RELEVANCE_PASSAGES = [
  { documentId: "한강", title: "한강", text: "한강은 서울을 동서로 가로질러 흐르는 강으로, 강변에는 공원과 자전거 도로가 이어져 있다." },
  { documentId: "부산항", title: "부산항", text: "부산항은 대한민국 최대의 무역항이며 컨테이너 물동량이 세계 상위권에 든다." },
  { documentId: "한라산", title: "한라산", text: "제주도 한가운데에 솟은 한라산은 높이 1,947미터로 남한에서 가장 높은 산이다." },
  { documentId: "훈민정음", title: "훈민정음", text: "세종대왕은 1443년에 훈민정음을 창제하였고 1446년에 이를 반포하였다." },
  { documentId: "김치", title: "김치", text: "김치는 배추와 무를 소금에 절인 뒤 고춧가루, 마늘, 젓갈로 양념하여 발효시킨 음식이다." },
  { documentId: "청년수당", title: "청년일자리 지원사업", text: "청년 일자리 창출 지원사업은 중소기업이 청년을 정규직으로 채용하면 인건비를 최대 3년간 지원한다." },
  { documentId: "재정융자", title: "재정융자사업", text: "재정융자사업은 정부가 민간에 낮은 금리로 자금을 빌려주고 원금과 이자를 돌려받는 사업이다." },
  { documentId: "부모급여", title: "부모급여", text: "부모급여는 만 0세 아동을 키우는 가정에 월 100만 원, 만 1세 아동 가정에 월 50만 원을 지급한다." },
  { documentId: "반도체", title: "반도체 산업", text: "메모리 반도체는 D램과 낸드플래시가 대표적이며 한국 수출에서 가장 큰 비중을 차지한다." },
  { documentId: "태풍", title: "태풍", text: "태풍은 북태평양 서쪽에서 발생하는 열대저기압으로 여름과 초가을에 한반도에 강한 비바람을 몰고 온다." },
  { documentId: "임대주택", title: "민간임대 융자", text: "민간임대주택 건설자금 융자는 임대사업자에게 주택도시기금에서 장기 저리로 건설 자금을 빌려준다." },
  { documentId: "지하철", title: "서울 지하철", text: "서울 지하철은 1974년 1호선 개통 이후 노선이 늘어 하루 수백만 명의 시민이 이용한다." },
] as const;

export const RELEVANCE_QUESTIONS = [
  { question: "서울을 가로지르는 강의 이름은?", gold: "한강" },
  { question: "우리나라에서 제일 큰 무역항은 어디인가요?", gold: "부산항" },
  { question: "남한에서 가장 높은 산의 높이는 몇 미터야?", gold: "한라산" },
  { question: "훈민정음이 반포된 해는?", gold: "훈민정음" },
  { question: "김치를 양념할 때 넣는 재료", gold: "김치" },
  { question: "청년을 정규직으로 뽑은 중소기업에 주는 인건비 지원", gold: "청년수당" },
  { question: "정부가 민간에 자금을 빌려주는 사업이 뭐지", gold: "재정융자" },
  { question: "만 1세 아이 가정이 받는 부모급여 금액", gold: "부모급여" },
  { question: "D램과 낸드플래시는 어떤 반도체인가", gold: "반도체" },
  { question: "여름에 한반도로 비바람을 몰고 오는 열대저기압", gold: "태풍" },
  { question: "임대사업자가 주택도시기금에서 건설자금을 빌릴 수 있나요", gold: "임대주택" },
  { question: "지하철 1호선은 언제 개통했나", gold: "지하철" },
] as const;
