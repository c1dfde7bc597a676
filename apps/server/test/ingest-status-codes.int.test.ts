// The public REST API status codes of product.md: 200, 400, 401, 413 and 429, with their bodies and headers (503: ingest-database-outage).
import { randomBytes } from "node:crypto";
import { revokeToken } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { startTestInlet, testConfig, type TestInlet } from "../../../test-support/test-inlet.ts";

const REASON = "x-inlet-reason";
type Project = Awaited<ReturnType<typeof createTestProject>>;

const countEvents = (inlet: TestInlet, projectId: string) =>
  inlet.database.prisma.event.count({ where: { projectId } });

async function expectRefusal(response: Response, status: number, body?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get(REASON)).toMatch(/\S/);
  if (body !== undefined) expect(await response.text()).toBe(body);
}

describe("status codes", () => {
  let inlet: TestInlet;
  let project: Project;

  beforeAll(async () => {
    inlet = await startTestInlet();
    project = await createTestProject(inlet.database);
  });
  afterAll(async () => {
    await inlet?.close();
  });

  it("200 with an empty body for the seed's examples, each committed before the answer", async () => {
    const user = { identifier: "user_123", displayName: "john@example.com" };
    const examples: [string, object][] = [
      ["/e", { name: "$pageview", url: "https://example.com/blog/article", ...user }],
      ["/e", { name: "purchase", ...user, customData: { plan: "pro", amount: "99.99" } }],
      ["/e", { name: "signup", ...user, userData: { set: { plan: "pro" } } }],
      ["/i", user],
      ["/u", { displayName: "John Doe", identifier: "user_123", data: { set: { plan: "ent" } } }],
    ];
    let events = 0;
    for (const [path, body] of examples) {
      const headers = { "allow-cookies": "false" };
      const response = await postJson(
        inlet.url,
        path,
        { projectToken: project.token, ...body },
        headers,
      );
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("");
      // Durable acknowledgement: the row is there as soon as the 200 is.
      if (path === "/e") events++;
      expect(await countEvents(inlet, project.projectId)).toBe(events);
    }
    const stored = await inlet.database.prisma.user.findMany({
      where: { projectId: project.projectId },
      select: { identifier: true, displayName: true },
    });
    expect(stored).toEqual([{ identifier: "user_123", displayName: "John Doe" }]);
  });

  it("400 `Invalid!` with a reason for each error the seed and product.md name", async () => {
    const token = project.token;
    const url = "https://example.com/";
    const cases: [string, string, RegExp, Record<string, string>?][] = [
      ["missing name (the seed's example)", `{"projectToken": "${token}"}`, /name/],
      ["$pageview without url", JSON.stringify({ projectToken: token, name: "$pageview" }), /url/],
      [
        "$outbound_link without url",
        JSON.stringify({ projectToken: token, name: "$outbound_link", customData: { href: url } }),
        /url/,
      ],
      [
        "$outbound_link without customData.href",
        JSON.stringify({ projectToken: token, name: "$outbound_link", url }),
        /href/,
      ],
      ["malformed JSON", `{"projectToken": "${token}", "name": "x"`, /JSON/],
      ["non-object body", JSON.stringify(["x"]), /object/, { token }],
      ["a JSON string body", '"signup"', /object/, { token }],
    ];
    const before = await countEvents(inlet, project.projectId);
    for (const [label, body, reason, headers] of cases) {
      const response = await postJson(inlet.url, "/e", body, headers);
      await expectRefusal(response, 400, "Invalid!");
      expect(response.headers.get(REASON), label).toMatch(reason);
    }
    expect(await countEvents(inlet, project.projectId)).toBe(before);
  });

  it("401 naming the reason in the body for a missing, unknown or revoked token", async () => {
    const unknown = `proj_${randomBytes(18).toString("base64url")}`;
    const missing = "missing project token";
    await expectRefusal(await postJson(inlet.url, "/e", { name: "x" }), 401, missing);
    await expectRefusal(await postJson(inlet.url, "/i", { identifier: "x" }), 401, missing);
    await expectRefusal(
      await postJson(inlet.url, "/e", { projectToken: unknown, name: "x" }),
      401,
      "unknown project token",
    );
    await expectRefusal(
      await postJson(inlet.url, "/u", {}, { token: unknown }),
      401,
      "unknown project token",
    );

    const doomed = await createTestProject(inlet.database);
    const send = () => postJson(inlet.url, "/e", { projectToken: doomed.token, name: "doomed" });
    expect((await send()).status).toBe(200); // the token is now in the server's cache
    await revokeToken(inlet.database.prisma, doomed.token, new Date());
    const revokedAt = performance.now();
    let accepted = 1;
    let flippedAfterMs = Number.POSITIVE_INFINITY;
    while (performance.now() - revokedAt < 1_500) {
      const response = await send();
      if (response.status === 401) {
        flippedAfterMs = performance.now() - revokedAt;
        await expectRefusal(response, 401, "project token revoked or expired");
        break;
      }
      expect(response.status).toBe(200);
      accepted++;
    }
    expect(flippedAfterMs).toBeLessThanOrEqual(1_000);
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(401);
    expect(await countEvents(inlet, doomed.projectId)).toBe(accepted);
  });

  it("413 with a reason over the 64 KB body limit, 200 at exactly the limit", async () => {
    const body = JSON.stringify({ projectToken: project.token, name: "big" });
    const atLimit = body + " ".repeat(65_536 - body.length);
    expect((await postJson(inlet.url, "/e", atLimit)).status).toBe(200);
    const over = await postJson(inlet.url, "/e", `${atLimit} `);
    await expectRefusal(over, 413);
    expect(over.headers.get(REASON)).toMatch(/65536/);
  });
});

describe("429 when a token exceeds its rate", () => {
  let inlet: TestInlet;
  beforeAll(async () => {
    inlet = await startTestInlet({
      ingest: { ...testConfig().ingest, rateLimitPerSecond: 2, rateLimitBurst: 3 },
    });
  });
  afterAll(async () => {
    await inlet?.close();
  });

  it("refuses the request over the burst with Retry-After, leaves other tokens alone", async () => {
    const busy = await createTestProject(inlet.database);
    const other = await createTestProject(inlet.database);
    const send = (token: string) => postJson(inlet.url, "/e", { projectToken: token, name: "r" });
    // Sent at once, so the bucket cannot refill in between: 3 pass, the rest are refused.
    const burst = await Promise.all(Array.from({ length: 5 }, () => send(busy.token)));
    expect(burst.map((response) => response.status).sort()).toEqual([200, 200, 200, 429, 429]);
    const limited = burst.find((response) => response.status === 429)!;
    await expectRefusal(limited, 429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    const calm = await Promise.all(Array.from({ length: 3 }, () => send(other.token)));
    expect(calm.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(await countEvents(inlet, busy.projectId)).toBe(3);
    // Retry-After is honest: after waiting that long the token may send again.
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1_000));
    expect((await send(busy.token)).status).toBe(200);
  });
});
