import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { protoPath } from "grpc-health-check";
import { clientOptions } from "./client";
import { NO_GRPC_SECURITY, type GrpcSecurity } from "./security/grpc-security";
import { channelCredentials } from "./security/credentials";

type HealthClient = grpc.Client & {
  Check(
    request: { service: string },
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response?: { status: string }) => void,
  ): grpc.ClientUnaryCall;
};

let HealthClientConstructor: (new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => HealthClient) | undefined;

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

/** Health checks need no token, but under mTLS they still need this process's certificate. */
export function createHealthClient(address: string, security: GrpcSecurity = NO_GRPC_SECURITY): HealthClient {
  const Health = healthClientConstructor();
  return new Health(address, channelCredentials(security), clientOptions(security));
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
