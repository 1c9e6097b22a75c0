import type { GenerationParameters } from "../../domain/generation.types";

/**
 * The temperature a provider is sent: do_sample false (greedy decoding) is temperature 0,
 * whatever the request's temperature (llm.proto). The one place that rule is applied.
 */
export function samplingTemperature(parameters: Pick<GenerationParameters, "doSample" | "temperature">): number {
  return parameters.doSample ? parameters.temperature : 0;
}
