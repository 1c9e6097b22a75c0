/**
 * How a process proves itself to the other services and checks who calls it: a shared
 * token sent with every call, and/or mutual TLS. Empty means plaintext without a token,
 * which configuration only allows on loopback.
 */
export interface GrpcSecurity {
  /** Shared by every service of one deployment; clients send it, servers require it. */
  internalToken?: string;
  /** PEM contents. Servers require a client certificate signed by `ca`; clients verify the server against it. */
  tls?: { cert: Buffer; key: Buffer; ca: Buffer };
}

export const NO_GRPC_SECURITY: GrpcSecurity = {};
