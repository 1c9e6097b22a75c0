import { DeltaCoalescer, StreamLoad } from "../src/transport/delta-coalescer";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("DeltaCoalescer", () => {
  it("sends the first delta at once: time to first token never waits for a turn of the event loop", () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((text) => sent.push(text));
    coalescer.push("안녕");
    expect(sent).toEqual(["안녕"]);
  });

  it("sends later deltas ready in the same turn as one message, and deltas of later turns separately", async () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((text) => sent.push(text));
    coalescer.push("안녕");
    coalescer.push("하세");
    coalescer.push("요");
    expect(sent).toEqual(["안녕"]);
    await nextTurn();
    expect(sent).toEqual(["안녕", "하세요"]);
    coalescer.push("!");
    await nextTurn();
    expect(sent).toEqual(["안녕", "하세요", "!"]);
  });

  it("flushes at once when asked, before what must follow the deltas", () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((text) => sent.push(text));
    coalescer.push("첫 ");
    coalescer.push("마지막 ");
    coalescer.push("조각");
    coalescer.flush();
    sent.push("final");
    expect(sent).toEqual(["첫 ", "마지막 조각", "final"]);
    coalescer.flush();
    expect(sent).toEqual(["첫 ", "마지막 조각", "final"]);
  });

  describe("while the process is busy", () => {
    afterEach(() => jest.useRealTimers());

    it("holds later deltas up to the window so they travel together; the first still goes at once", () => {
      jest.useFakeTimers();
      const load = new StreamLoad(2);
      const leaving = [load.enter(), load.enter()];
      const sent: string[] = [];
      const coalescer = new DeltaCoalescer((text) => sent.push(text), { load, windowMs: 25 });
      coalescer.push("부산");
      expect(sent).toEqual(["부산"]);
      coalescer.push("에서 ");
      jest.advanceTimersByTime(10);
      coalescer.push("하루 ");
      jest.advanceTimersByTime(10);
      coalescer.push("동안");
      expect(sent).toEqual(["부산"]);
      jest.advanceTimersByTime(5);
      expect(sent).toEqual(["부산", "에서 하루 동안"]);
      // Once the streams end the process is quiet again: no more waiting.
      for (const leave of leaving) leave();
      expect(load.busy).toBe(false);
      coalescer.push("!");
      jest.advanceTimersByTime(0);
      jest.runOnlyPendingTimers();
      expect(sent).toEqual(["부산", "에서 하루 동안", "!"]);
    });

    it("never holds deltas with a window of 0", async () => {
      const load = new StreamLoad(1);
      const leave = load.enter();
      const sent: string[] = [];
      const coalescer = new DeltaCoalescer((text) => sent.push(text), { load, windowMs: 0 });
      coalescer.push("가");
      coalescer.push("나");
      await nextTurn();
      expect(sent).toEqual(["가", "나"]);
      leave();
    });

    it("counts each stream once however often it leaves", () => {
      const load = new StreamLoad(2);
      const first = load.enter();
      load.enter();
      expect(load.busy).toBe(true);
      first();
      first();
      expect(load.busy).toBe(false);
    });
  });
});
