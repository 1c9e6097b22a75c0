import { DEFAULT_MAX_NEW_TOKENS, DEFAULT_TEMPERATURE, MAX_NEW_TOKENS, MAX_STOP_SEQUENCES, TEMPERATURE_MAX } from "@chatbot/core";
import type { llmV1 } from "@chatbot/grpc";
import { parseGenerateRequest } from "../src/transport/generation.mapper";

function wire(overrides: Partial<llmV1.GenerateRequestOutput> = {}): llmV1.GenerateRequestOutput {
  return {
    messages: [{ role: "user", content: "부산 여행지 추천해 줘" }],
    stop: [],
    model: "",
    request_id: "요청-1",
    deadline_unix_ms: 0,
    caller_id: "",
    context: [],
    ...overrides,
  } as llmV1.GenerateRequestOutput;
}

function refusal(request: llmV1.GenerateRequestOutput): unknown {
  try {
    parseGenerateRequest(request);
  } catch (error) {
    return error;
  }
  throw new Error("The request was accepted");
}

describe("a generation request on the wire", () => {
  it("gets the defaults for what it leaves out and becomes the domain's request", () => {
    expect(parseGenerateRequest(wire())).toEqual({
      messages: [{ role: "user", content: "부산 여행지 추천해 줘" }],
      parameters: { maxNewTokens: DEFAULT_MAX_NEW_TOKENS, temperature: DEFAULT_TEMPERATURE, doSample: true, topP: undefined, stop: [] },
      model: "",
      requestId: "요청-1",
      deadline: undefined,
      callerId: "anonymous",
      context: [],
    });
  });

  it("accepts the limits of @chatbot/core themselves", () => {
    const parsed = parseGenerateRequest(
      wire({ max_new_tokens: MAX_NEW_TOKENS, temperature: TEMPERATURE_MAX, top_p: 1, stop: Array.from({ length: MAX_STOP_SEQUENCES }, (_, index) => `끝${index}`) }),
    );
    expect(parsed.parameters).toMatchObject({ maxNewTokens: MAX_NEW_TOKENS, temperature: TEMPERATURE_MAX, topP: 1 });
  });

  it("is refused with every problem named by its wire field", () => {
    const error = refusal(
      wire({
        messages: [
          { role: "user", content: "안녕" },
          { role: "robot", content: "삐빅" },
        ],
        max_new_tokens: MAX_NEW_TOKENS + 1,
        temperature: TEMPERATURE_MAX + 0.1,
        top_p: 0,
        stop: ["", ...Array.from({ length: MAX_STOP_SEQUENCES }, () => "끝")],
      }),
    );
    expect(error).toMatchObject({ kind: "invalid_argument" });
    const fields = (error as { details: { field: string }[] }).details.map((issue) => issue.field).sort();
    expect(fields).toEqual(["max_new_tokens", "messages[1].role", "stop", "stop", "temperature", "top_p"]);
  });

  it("is refused without messages, and with a fractional or NaN parameter", () => {
    expect(refusal(wire({ messages: [] }))).toMatchObject({ details: [{ field: "messages", message: "must contain at least one message" }] });
    expect(refusal(wire({ max_new_tokens: 1.5 }))).toMatchObject({ details: [{ field: "max_new_tokens" }] });
    expect(refusal(wire({ max_new_tokens: -0.5 }))).toMatchObject({ details: [{ field: "max_new_tokens" }] });
    expect(refusal(wire({ temperature: Number.NaN }))).toMatchObject({ details: [{ field: "temperature" }] });
  });
});
