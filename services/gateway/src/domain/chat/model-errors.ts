import { AppError } from "@chatbot/core";

/** An error that names the request parameter it is about, as OpenAI's errors do in `param`. */
export function parameterError(kind: AppError["kind"], code: string, param: string, message: string): AppError {
  return new AppError(kind, code, message, { details: [{ field: param, message }] });
}

export function modelNotFound(model: string, why = ""): AppError {
  return parameterError("not_found", "model_not_found", "model", `The model '${model}' does not exist${why}`);
}
