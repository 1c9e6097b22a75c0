/** Reply tokens: Korean words, punctuation and an emoji, as a real model streams them. */
const TOKENS = [
  "안녕하세요",
  "! ",
  "요청하신",
  " 내용을",
  " 정리해",
  " 드리겠습니다",
  ". ",
  "서울의",
  " 오늘",
  " 날씨는",
  " 맑고",
  " 따뜻합니다",
  " ☀️",
  " 산책하기",
  " 좋은",
  " 날이에요",
  ". ",
  "더",
  " 궁금한",
  " 점이",
  " 있으면",
  " 말씀해",
  " 주세요",
  " 😊",
];

export function replyToken(index: number): string {
  return TOKENS[index % TOKENS.length]!;
}

/** The reply's token at `index`: from `script` when one is given (see UpstreamReplyOptions), else the built-in text. */
export function scriptedToken(index: number, script: readonly string[] | undefined): string {
  return script && script.length > 0 ? script[index % script.length]! : replyToken(index);
}

export function replyText(tokens: number, script?: readonly string[]): string {
  let text = "";
  for (let index = 0; index < tokens; index += 1) text += scriptedToken(index, script);
  return text;
}

/** A rough prompt size: one token per two characters of the messages, as a server would report. */
export function promptTokensOf(messages: unknown): number {
  if (!Array.isArray(messages)) return 1;
  let characters = 0;
  for (const message of messages) {
    const content = (message as { content?: unknown })?.content;
    characters += typeof content === "string" ? content.length : JSON.stringify(content ?? "").length;
  }
  return Math.max(1, Math.ceil(characters / 2));
}
