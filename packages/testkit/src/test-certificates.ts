import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM files of one identity, as the GRPC_TLS_* variables name them. */
export interface CertificateFiles {
  cert: string;
  key: string;
  ca: string;
}

export interface TestCertificates {
  /** Signed by the deployment's CA, valid for localhost and 127.0.0.1 as server and as client. */
  member: CertificateFiles;
  /** Same names, signed by a different CA: a stranger to the deployment. */
  stranger: CertificateFiles;
  read(files: CertificateFiles): { cert: Buffer; key: Buffer; ca: Buffer };
  remove(): void;
}

/** A CA and certificates made with the openssl CLI for one test file (EC keys: fast to make). */
export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "chatbot-certs-"));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  writeFileSync(path("leaf.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n");

  const issue = (ca: string, leaf: string): CertificateFiles => {
    openssl("req", "-x509", ...newKey, "-keyout", path(`${ca}.key`), "-out", path(`${ca}.crt`), "-subj", `/CN=${ca}`, "-days", "1");
    openssl("req", ...newKey, "-keyout", path(`${leaf}.key`), "-out", path(`${leaf}.csr`), "-subj", "/CN=localhost");
    openssl(
      "x509",
      "-req",
      "-in",
      path(`${leaf}.csr`),
      "-CA",
      path(`${ca}.crt`),
      "-CAkey",
      path(`${ca}.key`),
      "-CAcreateserial",
      "-out",
      path(`${leaf}.crt`),
      "-days",
      "1",
      "-extfile",
      path("leaf.ext"),
    );
    return { cert: path(`${leaf}.crt`), key: path(`${leaf}.key`), ca: path(`${ca}.crt`) };
  };

  return {
    member: issue("deployment-ca", "member"),
    stranger: issue("other-ca", "stranger"),
    read: (files) => ({ cert: readFileSync(files.cert), key: readFileSync(files.key), ca: readFileSync(files.ca) }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The address to dial a loopback TLS server by: its name rather than its IP. A TLS client
 * sends the host it dials as the server name, and Node warns (DEP0123) when that is an IP,
 * which RFC 6066 forbids; the test certificates name both, so verification is the same.
 */
export function tlsDialAddress(address: string): string {
  return address.replace(/^127\.0\.0\.1:/, "localhost:");
}
