/** Carries "stop this generation" to whichever instance runs it. */
export interface StopBusStore {
  publish(messageId: string): Promise<void>;
  subscribe(handler: (messageId: string) => void): Promise<void>;
  close(): Promise<void>;
}
