import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { protoPath } from "grpc-health-check";
import { CHANNEL_OPTIONS } from "./client";

type HealthClient = grpc.Client & {
  Check(
    request: { service: string },
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response?: { status: string }) => void,
  ): grpc.ClientUnaryCall;
};

let HealthClientConstructor: (new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ChannelOptions) => HealthClient) | undefined;

function healthClientConstructor() {
  if (!HealthClientConstructor) {
    const definition = protoLoader.loadSync(protoPath, { keepCase: true, enums: String, defaults: true });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      grpc: { health: { v1: { Health: typeof HealthClientConstructor } } };
    };
    HealthClientConstructor = loaded.grpc.health.v1.Health;
  }
  return HealthClientConstructor!;
}

export function createHealthClient(address: string): HealthClient {
  const Health = healthClientConstructor();
  return new Health(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
}

/** grpc.health.v1 Check: resolves to the serving status, or rejects when the peer does not answer. */
export function checkHealth(client: HealthClient, timeoutMs: number, service = ""): Promise<string> {
  return new Promise((resolve, reject) => {
    client.Check({ service }, { deadline: new Date(Date.now() + timeoutMs) }, (error, response) => {
      if (error) reject(error);
      else resolve(response?.status ?? "UNKNOWN");
    });
  });
}
