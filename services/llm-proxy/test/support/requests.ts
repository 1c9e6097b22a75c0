import type { GenerationParameters, GenerationRequest, ProviderRequest } from "../../src/domain/generation.types";

export function providerRequest(overrides: Partial<Omit<ProviderRequest, "parameters">> & { parameters?: Partial<GenerationParameters> } = {}): ProviderRequest {
  return {
    messages: overrides.messages ?? [{ role: "user", content: "서울 날씨 알려줘 ☀️" }],
    parameters: { maxNewTokens: 64, temperature: 0.7, doSample: true, topP: undefined, stop: [], ...overrides.parameters },
    model: overrides.model ?? "test-model",
    context: overrides.context ?? [],
  };
}

export function generationRequest(overrides: Partial<Omit<GenerationRequest, "parameters">> & { parameters?: Partial<GenerationParameters> } = {}): GenerationRequest {
  const base = providerRequest(overrides);
  return {
    messages: base.messages,
    parameters: base.parameters,
    model: overrides.model ?? "",
    requestId: overrides.requestId ?? "요청-1",
    deadline: overrides.deadline,
    callerId: overrides.callerId ?? "테넌트-1",
    context: base.context,
  };
}
