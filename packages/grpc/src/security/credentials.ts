import * as grpc from "@grpc/grpc-js";
import type { GrpcSecurity } from "./grpc-security";
import { requireInternalToken } from "./require-internal-token";
import { sendInternalToken } from "./send-internal-token";

/** With certificates: TLS that also demands a client certificate signed by the same CA. */
export function serverCredentials(security: GrpcSecurity): grpc.ServerCredentials {
  const { tls } = security;
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(tls.ca, [{ private_key: tls.key, cert_chain: tls.cert }], true);
}

export function serverInterceptors(security: GrpcSecurity): grpc.ServerInterceptor[] {
  return security.internalToken ? [requireInternalToken(security.internalToken)] : [];
}

/** With certificates: TLS verifying the server against the CA and presenting this process's certificate. */
export function channelCredentials(security: GrpcSecurity): grpc.ChannelCredentials {
  const { tls } = security;
  if (!tls) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(tls.ca, tls.key, tls.cert);
}

export function clientInterceptors(security: GrpcSecurity): grpc.Interceptor[] {
  return security.internalToken ? [sendInternalToken(security.internalToken)] : [];
}
