import type { StopBusStore } from "../domain/chat/stop-bus.store";

export class MemoryStopBusStore implements StopBusStore {
  private readonly handlers = new Set<(messageId: string) => void>();

  async publish(messageId: string): Promise<void> {
    for (const handler of this.handlers) handler(messageId);
  }

  async subscribe(handler: (messageId: string) => void): Promise<void> {
    this.handlers.add(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
