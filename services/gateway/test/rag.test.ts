import request from "supertest";
import { callUnary } from "@chatbot/grpc";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { postJson, readSse } from "./support/sse-client";

let harness: GatewayHarness;
let baseUrl: string;

const PASSAGES = [
  {
    document_id: "doc-youth",
    title: "청년일자리 창출지원",
    page: 2,
    text: "청년일자리 창출지원 사업은 만 15세 이상 34세 이하 청년을 정규직으로 채용한 중소기업에 인건비를 지원합니다.",
  },
  {
    document_id: "doc-energy",
    title: "에너지바우처",
    page: 1,
    text: "에너지바우처는 기초생활수급자 가운데 노인, 영유아, 장애인이 있는 가구에 난방비와 냉방비를 지원하는 제도입니다.",
  },
  {
    document_id: "doc-housing",
    title: "행복주택",
    page: 3,
    text: "행복주택은 대학생, 사회초년생, 신혼부부가 직장과 학교 가까운 곳에 저렴하게 살 수 있도록 공급하는 공공임대주택입니다.",
  },
];

beforeAll(async () => {
  harness = await startGatewayHarness();
  baseUrl = await harness.listen();
  await callUnary(harness.channels.retrieval, "retrieval", "UpsertChunks", {
    tenant_id: "default",
    chunks: PASSAGES.map((passage, index) => ({ ...passage, chunk_index: index, source: `${passage.title}.pdf` })),
  });
});
afterAll(() => harness.close());

describe("POST /api/search", () => {
  it("finds the passage that answers a Korean question first", async () => {
    const response = await request(harness.app).post("/api/search").send({ query: "난방비 지원을 받을 수 있는 가구는?", k: 2 });
    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(2);
    expect(response.body.results[0]).toMatchObject({
      document_id: "doc-energy",
      title: "에너지바우처",
      page: 1,
      text: PASSAGES[1]!.text,
      chunk_id: expect.any(String),
      score: expect.any(Number),
    });
    expect(response.body.took_ms).toEqual(expect.any(Number));
  });

  it("restricts results to the documents and sources named in the filters", async () => {
    // The energy voucher passage matches best, but only the youth passage is allowed.
    const byDocument = await request(harness.app)
      .post("/api/search")
      .send({ query: "난방비 지원", k: 5, filters: { document_ids: ["doc-youth"] } });
    expect(byDocument.body.results.map((result: { document_id: string }) => result.document_id)).toEqual(["doc-youth"]);
    const bySource = await request(harness.app)
      .post("/api/search")
      .send({ query: "난방비 지원", k: 5, filters: { sources: ["청년일자리 창출지원.pdf"] } });
    expect(bySource.body.results.map((result: { source: string }) => result.source)).toEqual(["청년일자리 창출지원.pdf"]);
  });

  it.each([
    [{ query: "" }, "query"],
    [{ query: "  " }, "query"],
    [{ query: "주택", k: 0 }, "k"],
    [{ query: "주택", k: 51 }, "k"],
    [{ query: "주택", filters: { document_ids: "doc-housing" } }, "filters.document_ids"],
  ])("answers %j with 422 naming %s", async (body, field) => {
    const response = await request(harness.app).post("/api/search").send(body);
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((issue: { field: string }) => issue.field)).toContain(field);
  });
});

describe("chat with retrieval", () => {
  it("puts the numbered passages in the prompt and returns and stores their sources", async () => {
    const response = await request(harness.app).post("/api/chat").send({ message: "신혼부부가 살 수 있는 공공임대주택은?", k: 2 });
    expect(response.status).toBe(200);
    expect(response.body.sources).toHaveLength(2);
    expect(response.body.sources[0]).toEqual({
      document_id: "doc-housing",
      title: "행복주택",
      page: 3,
      chunk_index: 2,
      snippet: PASSAGES[2]!.text,
      score: expect.any(Number),
    });
    const system = (harness.upstream.requests.at(-1)!.body.messages as { role: string; content: string }[])[0]!;
    expect(system.role).toBe("system");
    expect(system.content).toContain(`[1] 행복주택 (p.3)\n${PASSAGES[2]!.text}`);
    const history = await request(harness.app).get(`/api/sessions/${response.body.session_id}/messages`);
    expect(history.body.messages.at(-1).sources).toEqual(response.body.sources);
  });

  it("streams the sources right after the start event", async () => {
    const result = await readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "청년을 채용한 중소기업 지원은?", k: 1 }));
    expect(result.events[1]).toEqual({
      id: 2,
      data: { sources: [expect.objectContaining({ document_id: "doc-youth", title: "청년일자리 창출지원", page: 2 })] },
    });
    expect(result.events.at(-1)!.data.done).toBe(true);
  });

  it("answers a message longer than a search query with use_rag, searching by the message's end", async () => {
    // Pasted text first, the question last: 20,000 characters, past the 8,000 a search takes.
    const pasted = "회의록을 붙여 넣습니다. 오늘은 분기 실적과 다음 분기 계획을 논의했습니다. ".repeat(500);
    const message = `${pasted}\n질문: 난방비와 냉방비를 지원하는 제도는 무엇인가요?`;
    expect(message.length).toBeGreaterThan(20_000);
    const response = await request(harness.app).post("/api/chat").send({ message, use_rag: true, k: 1 });
    expect(response.status).toBe(200);
    expect(response.body.sources).toEqual([expect.objectContaining({ document_id: "doc-energy" })]);
  });

  it("searches by the stored question when a reply is regenerated, and cites the passages again", async () => {
    const first = await request(harness.app).post("/api/chat").send({ message: "난방비를 지원받을 수 있는 가구는?", k: 1 });
    expect(first.body.sources).toEqual([expect.objectContaining({ document_id: "doc-energy" })]);
    const again = await request(harness.app).post("/api/chat").send({ session_id: first.body.session_id, regenerate_message_id: first.body.message_id, k: 1 });
    expect(again.status).toBe(200);
    expect(again.body.sources).toEqual([expect.objectContaining({ document_id: "doc-energy" })]);
    const system = (harness.upstream.requests.at(-1)!.body.messages as { role: string; content: string }[])[0]!;
    expect(system.content).toContain(`[1] 에너지바우처 (p.1)\n${PASSAGES[1]!.text}`);
  });

  it("skips retrieval when use_rag is false", async () => {
    const result = await readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "그냥 인사해요, 안녕하세요!", use_rag: false }));
    expect(result.events.some((event) => "sources" in event.data)).toBe(false);
    const response = await request(harness.app).post("/api/chat").send({ message: "자료 없이 답해 주세요.", use_rag: false });
    expect(response.body.sources).toEqual([]);
  });
});
