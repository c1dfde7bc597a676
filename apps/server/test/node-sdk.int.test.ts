// The published @vemetric/node SDK, unchanged, against Inlet serving HTTPS with a self-signed certificate made at run time.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Vemetric } from "@vemetric/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

/** A throwaway self-signed certificate valid for 127.0.0.1 and localhost. */
function makeCertificate(dir: string): { certFile: string; keyFile: string; certPem: string } {
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ],
    { stdio: "ignore" },
  );
  return { certFile, keyFile, certPem: readFileSync(certFile, "utf8") };
}

interface Answer {
  status: number | undefined;
  body: string;
}

/** One request through Node's http or https module; rejects on any socket or TLS error. */
function send(
  client: typeof http | typeof https,
  url: string,
  options: https.RequestOptions,
  body: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = client.request(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString("utf8") }),
      );
      response.on("error", reject);
    });
    request.setTimeout(5_000, () => request.destroy(new Error("request timed out")));
    request.on("error", reject);
    request.end(body);
  });
}

describe("the @vemetric/node SDK over HTTPS", () => {
  const certDir = mkdtempSync(join(tmpdir(), "inlet-tls-"));
  let certPem: string;
  let inlet: TestInlet;
  let project: Awaited<ReturnType<typeof createTestProject>>;

  beforeAll(async () => {
    const certificate = makeCertificate(certDir);
    certPem = certificate.certPem;
    inlet = await startTestInlet({
      tls: { certFile: certificate.certFile, keyFile: certificate.keyFile },
    });
    project = await createTestProject(inlet.database);
  });
  afterAll(async () => {
    await inlet?.close();
    rmSync(certDir, { recursive: true, force: true });
  });

  const storedEvents = (name: string) =>
    inlet.database.prisma.event.findMany({ where: { projectId: project.projectId, name } });
  const linkOf = (anonymousId: string) =>
    inlet.database.prisma.anonymousLink.findUnique({
      where: { projectId_anonymousId: { projectId: project.projectId, anonymousId } },
    });

  /**
   * The SDK calls `https.request(url, options)` with no agent and no `ca`, so it goes
   * through https.globalAgent, whose `options` Node merges into every connection it opens.
   * Adding our certificate as that agent's CA trusts exactly this certificate for the
   * work, with verification left on (NODE_TLS_REJECT_UNAUTHORIZED stays untouched).
   * NODE_EXTRA_CA_CERTS would need a child process, since Node reads it only at startup;
   * in-process also lets us see the errors the SDK swallows through console.error.
   */
  async function withTrustedCertificate(work: () => Promise<void>) {
    const previousCa = https.globalAgent.options.ca;
    https.globalAgent.options.ca = certPem;
    const errors = vi.spyOn(console, "error");
    try {
      await work();
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      if (previousCa === undefined) delete https.globalAgent.options.ca;
      else https.globalAgent.options.ca = previousCa;
    }
  }

  it("serves ingestion over TLS with the configured certificate, and nothing in clear text", async () => {
    expect(inlet.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const port = new URL(inlet.url).port;
    const headers = { "content-type": "application/json", token: project.token };
    const body = (name: string) => JSON.stringify({ name });

    // A fresh agent per request, so no pooled connection hides a handshake.
    const trusted = await send(
      https,
      `${inlet.url}/e`,
      { method: "POST", headers, ca: certPem, agent: new https.Agent({ keepAlive: false }) },
      body("tls direct"),
    );
    expect(trusted.status).toBe(200);

    // Verification is really on: without the certificate as CA the handshake is refused.
    await expect(
      send(
        https,
        `${inlet.url}/e`,
        { method: "POST", headers, agent: new https.Agent({ keepAlive: false }) },
        body("tls untrusted"),
      ),
    ).rejects.toMatchObject({ code: "DEPTH_ZERO_SELF_SIGNED_CERT" });

    // Plain HTTP to the TLS port gets no HTTP answer at all: the TLS layer drops the socket.
    await expect(
      send(
        http,
        `http://127.0.0.1:${port}/e`,
        { method: "POST", headers, agent: new http.Agent({ keepAlive: false }) },
        body("clear text"),
      ),
    ).rejects.toMatchObject({ code: "ECONNRESET" });

    expect(await storedEvents("tls direct")).toHaveLength(1);
    expect(await storedEvents("tls untrusted")).toHaveLength(0);
    expect(await storedEvents("clear text")).toHaveLength(0);
  });

  it("stores trackEvent and updateUser calls as sent, with user property semantics", async () => {
    await withTrustedCertificate(async () => {
      // The SDK builds its URL as `${host}${path}`, so host is the full origin.
      const vemetric = new Vemetric({ token: project.token, host: inlet.url });
      const identifier = `sdk-user-${project.projectId}`;

      await vemetric.updateUser({
        userIdentifier: identifier,
        userDisplayName: "Ada",
        userAvatarUrl: "https://example.com/ada.png",
        userData: {
          set: { plan: "free", company: "Acme" },
          setOnce: { firstSeen: "2024-01-01" },
        },
      });
      await vemetric.trackEvent("Purchase", {
        userIdentifier: identifier,
        userDisplayName: "Ada Lovelace",
        eventData: { amount: 99.5, paid: true, sku: "A-1", quantity: 3 },
        userData: {
          set: { plan: "pro" },
          setOnce: { firstSeen: "2099-12-31", source: "checkout" },
          unset: ["company"],
        },
      });
      await vemetric.updateUser({
        userIdentifier: identifier,
        userData: { set: { seats: 5 }, unset: ["source"] },
      });

      // The SDK resolves once the status line arrives and Inlet answers after its commit,
      // so the rows should be there; poll briefly rather than rely on that ordering.
      await expect.poll(async () => (await storedEvents("Purchase")).length).toBe(1);
      const [event] = await storedEvents("Purchase");
      const user = await inlet.database.prisma.user.findUniqueOrThrow({
        where: { projectId_identifier: { projectId: project.projectId, identifier } },
      });

      expect(event).toMatchObject({
        name: "Purchase",
        tokenId: project.tokenId,
        userId: user.id,
        customData: { amount: "99.5", paid: "true", sku: "A-1", quantity: "3" },
        sdk: "node",
        sdkVersion: "0.2.0",
      });
      // Node's https module sends no User-Agent; a server-side call is not a bot.
      expect(event?.userAgent).toBeNull();
      expect(event?.deviceType).not.toBe("bot");

      expect(user).toMatchObject({
        identifier,
        displayName: "Ada Lovelace",
        // The last updateUser sent no name or avatar: both are kept, not cleared.
        avatarUrl: "https://example.com/ada.png",
      });
      // set overwrote plan, setOnce kept the first firstSeen, unset removed company and source.
      expect(user.properties).toEqual({ plan: "pro", firstSeen: "2024-01-01", seats: 5 });

      // A backend speaks for many users: its identified events never link its visitor id.
      expect(await linkOf(event!.anonymousId)).toBeNull();
    });
  });

  it("keeps events for many users from one process apart, and leaves unnamed ones anonymous", async () => {
    await withTrustedCertificate(async () => {
      const vemetric = new Vemetric({ token: project.token, host: inlet.url });
      const users = Array.from({ length: 8 }, (_, i) => `many-${i}-${project.projectId}`);
      // Interleaved and concurrent, as a busy backend sends them.
      await Promise.all(
        users.flatMap((userIdentifier, i) => [
          vemetric.trackEvent("many: order", { userIdentifier, eventData: { i } }),
          vemetric.trackEvent("many: refund", { userIdentifier, eventData: { i } }),
        ]),
      );
      // The SDK's types demand userIdentifier; JavaScript callers leave it out, and then
      // none is sent.
      await vemetric.trackEvent("many: cron", {} as Parameters<Vemetric["trackEvent"]>[1]);
      await expect.poll(async () => (await storedEvents("many: cron")).length).toBe(1);

      const stored = await inlet.database.prisma.event.findMany({
        where: { projectId: project.projectId, name: { startsWith: "many: " } },
        select: {
          name: true,
          anonymousId: true,
          customData: true,
          user: { select: { identifier: true } },
        },
      });
      expect(stored).toHaveLength(users.length * 2 + 1);
      for (const event of stored) {
        const { i } = event.customData as { i?: string };
        expect(event.user?.identifier ?? null).toBe(i === undefined ? null : users[Number(i)]);
      }
      // One process is one cookieless visitor, linked to no one.
      expect(new Set(stored.map((event) => event.anonymousId)).size).toBe(1);
      expect(await linkOf(stored[0]!.anonymousId)).toBeNull();
    });
  });
});
