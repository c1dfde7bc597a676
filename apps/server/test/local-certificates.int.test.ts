// The local CA and server certificate under the data directory: names covered, kept across starts, renewed when due.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";
import { afterEach, describe, expect, it } from "vitest";
import {
  ensureLocalCertificates,
  localNames,
  randomSerial,
} from "../src/http/local-certificates.ts";

const DAY_MS = 86_400_000;

describe("ensureLocalCertificates", () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "inlet-certs-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("issues a server certificate for loopback and the host name, signed by the local CA", () => {
    const dir = newDir();
    const names = localNames("build-box");
    expect(names).toEqual(["localhost", "127.0.0.1", "::1", "build-box"]);
    const material = ensureLocalCertificates(dir, names);
    const ca = new X509Certificate(readFileSync(material.caFile));
    const server = new X509Certificate(material.cert);
    expect(material.caFile).toBe(join(dir, "tls", "ca.pem"));
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkHost("localhost")).toBe("localhost");
    expect(server.checkHost("build-box")).toBe("build-box");
    expect(server.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(server.checkIP("::1")).toBe("::1");
    expect(server.checkHost("example.com")).toBeUndefined();
    // The key file matches the certificate, and only its owner may read the CA's key.
    expect(server.checkPrivateKey(createPrivateKey(material.key))).toBe(true);
    expect(statSync(join(dir, "tls", "ca-key.pem")).mode & 0o077).toBe(0);
  });

  it("gives serials a positive first byte that is never a zero OpenSSL would call padding", () => {
    // Serials starting with zero bytes once made certificates OpenSSL refused to parse.
    const zeroFirst = Buffer.from(`0012${"ab".repeat(14)}`, "hex");
    expect(randomSerial(zeroFirst)).toBe(`4012${"ab".repeat(14)}`);
    expect(randomSerial(Buffer.alloc(16, 0xff))).toBe(`7f${"ff".repeat(15)}`);
    const serial = new X509Certificate(ensureLocalCertificates(newDir(), ["localhost"]).cert)
      .serialNumber;
    expect(serial).toMatch(/^[4-7][0-9A-F]{31}$/);
  });

  it("replaces a stored certificate OpenSSL cannot read, as an earlier version could make", () => {
    const dir = newDir();
    const first = ensureLocalCertificates(dir, ["localhost"]);
    const caKey = forge.pki.privateKeyFromPem(readFileSync(join(dir, "tls", "ca-key.pem"), "utf8"));
    const padded = forge.pki.certificateFromPem(first.cert);
    padded.serialNumber = `000012${"ab".repeat(13)}`;
    padded.sign(caKey, forge.md.sha256.create());
    writeFileSync(join(dir, "tls", "server.pem"), forge.pki.certificateToPem(padded));
    expect(() => new X509Certificate(forge.pki.certificateToPem(padded))).toThrow(/padding/);

    const healed = ensureLocalCertificates(dir, ["localhost"]);
    const ca = new X509Certificate(readFileSync(healed.caFile));
    expect(new X509Certificate(healed.cert).verify(ca.publicKey)).toBe(true);
  });

  it("reuses what it made at the next start, and renews the server certificate when a name is missing or it nears expiry", () => {
    const dir = newDir();
    const first = ensureLocalCertificates(dir, ["localhost", "127.0.0.1"]);
    const again = ensureLocalCertificates(dir, ["localhost", "127.0.0.1"]);
    expect(again).toEqual(first);

    const renamed = ensureLocalCertificates(dir, ["localhost", "127.0.0.1", "new-name"]);
    expect(renamed.cert).not.toBe(first.cert);
    expect(new X509Certificate(renamed.cert).checkHost("new-name")).toBe("new-name");

    const later = new Date(Date.now() + 380 * DAY_MS);
    const renewed = ensureLocalCertificates(dir, ["localhost", "127.0.0.1", "new-name"], later);
    expect(renewed.cert).not.toBe(renamed.cert);
    // The CA stays the same, so clients that trust it need do nothing.
    expect(readFileSync(renewed.caFile, "utf8")).toBe(readFileSync(first.caFile, "utf8"));
    const ca = new X509Certificate(readFileSync(renewed.caFile));
    expect(new X509Certificate(renewed.cert).verify(ca.publicKey)).toBe(true);
  });
});
