import { generateKeyPairSync, randomBytes, X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import forge from "node-forge";

/** PEM material for a TLS server, and the CA file clients must trust to accept it. */
export interface LocalCertificates {
  cert: string;
  key: string;
  caFile: string;
}

const DAY_MS = 86_400_000;
const CA_LIFETIME_DAYS = 3_650;
// Browsers refuse server certificates valid for more than 398 days.
const LEAF_LIFETIME_DAYS = 397;
const RENEW_BEFORE_DAYS = 30;

/** The names local clients reach this machine by: loopback, and its own host name. */
export function localNames(hostName = hostname()): string[] {
  const names = ["localhost", "127.0.0.1", "::1"];
  const own = hostName.trim().toLowerCase();
  if (own && /^[a-z0-9.-]+$/.test(own) && !names.includes(own)) names.push(own);
  return names;
}

function newKeyPair(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
} {
  // Node's native generator: forge's pure-JS RSA generation takes seconds.
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey);
  return {
    privateKey: forgeKey,
    publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e),
  };
}

/**
 * A random serial number (hex) whose DER integer is positive and minimal: its first byte has
 * the top bit clear and is not zero. OpenSSL refuses a certificate whose serial starts with
 * a zero byte it does not need ("illegal padding").
 */
export function randomSerial(bytes: Buffer = randomBytes(16)): string {
  const serial = Buffer.from(bytes);
  serial[0] = 0x40 | ((serial[0] ?? 0) & 0x3f);
  return serial.toString("hex");
}

function baseCertificate(publicKey: forge.pki.PublicKey, days: number, now: Date) {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = publicKey;
  certificate.serialNumber = randomSerial();
  certificate.validity.notBefore = new Date(now.getTime() - DAY_MS);
  certificate.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
  return certificate;
}

function createAuthority(now: Date) {
  const keys = newKeyPair();
  const certificate = baseCertificate(keys.publicKey, CA_LIFETIME_DAYS, now);
  const subject = [
    { name: "commonName", value: `Inlet local CA (${hostname()})` },
    { name: "organizationName", value: "Inlet (local development)" },
  ];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  certificate.sign(keys.privateKey, forge.md.sha256.create());
  return { certificate, privateKey: keys.privateKey };
}

function createServerCertificate(
  authority: { certificate: forge.pki.Certificate; privateKey: forge.pki.rsa.PrivateKey },
  names: string[],
  now: Date,
) {
  const keys = newKeyPair();
  const certificate = baseCertificate(keys.publicKey, LEAF_LIFETIME_DAYS, now);
  certificate.setSubject([{ name: "commonName", value: names[0] ?? "localhost" }]);
  certificate.setIssuer(authority.certificate.subject.attributes);
  const altNames = names.map((name) =>
    /^[\d.]+$/.test(name) || name.includes(":") ? { type: 7, ip: name } : { type: 2, value: name },
  );
  certificate.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames },
  ]);
  certificate.sign(authority.privateKey, forge.md.sha256.create());
  return { certificate, privateKey: keys.privateKey };
}

/** True when a stored certificate still covers every name for long enough. */
function stillGood(certificate: forge.pki.Certificate, names: string[], now: Date): boolean {
  if (certificate.validity.notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS)
    return false;
  const extension: { altNames?: { value?: string; ip?: string }[] } | undefined =
    certificate.getExtension("subjectAltName");
  const covered = new Set(
    (extension?.altNames ?? []).map((alt) => (alt.ip ?? alt.value ?? "").toLowerCase()),
  );
  // forge prints IPv6 in full form; compare "::1" by its expanded spelling too.
  return names.every(
    (name) => covered.has(name) || (name === "::1" && covered.has("0:0:0:0:0:0:0:1")),
  );
}

function issuedBy(authority: forge.pki.Certificate, certificate: forge.pki.Certificate): boolean {
  try {
    return authority.verify(certificate);
  } catch {
    // forge throws when the issuer names differ: a certificate from an earlier CA.
    return false;
  }
}

/**
 * The stored certificate, if OpenSSL (which serves it) can read it: forge reads some that
 * OpenSSL refuses, such as those an earlier version made with a padded serial number.
 */
function readCertificate(file: string): forge.pki.Certificate | null {
  if (!existsSync(file)) return null;
  const pem = readFileSync(file, "utf8");
  try {
    new X509Certificate(pem);
  } catch {
    return null;
  }
  return forge.pki.certificateFromPem(pem);
}

function writePrivate(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/**
 * Loads, or creates on first start, a local CA and a server certificate for `names`
 * under `<dataDir>/tls`. The CA is kept across restarts so clients trust it once; the
 * server certificate is renewed when it nears expiry or a name is missing.
 */
export function ensureLocalCertificates(
  dataDir: string,
  names: string[] = localNames(),
  now: Date = new Date(),
): LocalCertificates {
  const dir = join(dataDir, "tls");
  mkdirSync(dir, { recursive: true });
  const files = {
    ca: join(dir, "ca.pem"),
    caKey: join(dir, "ca-key.pem"),
    cert: join(dir, "server.pem"),
    key: join(dir, "server-key.pem"),
  };

  let authority;
  const storedAuthority = existsSync(files.caKey) ? readCertificate(files.ca) : null;
  if (storedAuthority) {
    authority = {
      certificate: storedAuthority,
      privateKey: forge.pki.privateKeyFromPem(readFileSync(files.caKey, "utf8")),
    };
  }
  if (!authority || authority.certificate.validity.notAfter.getTime() < now.getTime() + DAY_MS) {
    authority = createAuthority(now);
    writePrivate(files.caKey, forge.pki.privateKeyToPem(authority.privateKey));
    writeFileSync(files.ca, forge.pki.certificateToPem(authority.certificate));
  }

  const current = existsSync(files.key) ? readCertificate(files.cert) : null;
  if (
    current === null ||
    !issuedBy(authority.certificate, current) ||
    !stillGood(current, names, now)
  ) {
    const server = createServerCertificate(authority, names, now);
    writePrivate(files.key, forge.pki.privateKeyToPem(server.privateKey));
    writeFileSync(files.cert, forge.pki.certificateToPem(server.certificate));
  }
  return {
    cert: readFileSync(files.cert, "utf8"),
    key: readFileSync(files.key, "utf8"),
    caFile: files.ca,
  };
}
