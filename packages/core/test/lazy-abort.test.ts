import { LazyAbort } from "../src";

describe("LazyAbort", () => {
  it("gives an already aborted signal when asked after the abort, with the reason", () => {
    const abort = new LazyAbort();
    abort.abort("클라이언트가 연결을 끊었습니다");
    expect(abort.signal.aborted).toBe(true);
    expect((abort.signal.reason as Error).message).toBe("클라이언트가 연결을 끊었습니다");
  });

  it("aborts a signal handed out earlier, once", () => {
    const abort = new LazyAbort();
    const signal = abort.signal;
    const heard: string[] = [];
    signal.addEventListener("abort", () => heard.push((signal.reason as Error).message));
    expect(signal.aborted).toBe(false);
    abort.abort("호출이 취소되었습니다");
    abort.abort("두 번째 취소");
    expect(heard).toEqual(["호출이 취소되었습니다"]);
    expect(abort.signal).toBe(signal);
  });
});
