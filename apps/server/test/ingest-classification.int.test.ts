// Bots, prefetches, CORS and allowed origins, and how accepted, refused and dropped requests reach the live stream.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { randomBytes } from "node:crypto";
import type { LiveItem } from "@inlet/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

type Project = Awaited<ReturnType<typeof createTestProject>>;
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const CRAWLERS = [
  GOOGLEBOT,
  "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
  "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
];
const HTTP_CLIENTS = [
  "curl/8.5.0",
  "node",
  "python-requests/2.31.0",
  "Go-http-client/1.1",
  "okhttp/4.12.0",
  undefined, // no User-Agent header at all
];
const SDK_HEADERS = ["token", "allow-cookies", "v-sdk", "v-sdk-version", "v-host", "v-referrer"];

describe("request classification and the live stream", () => {
  let inlet: TestInlet;
  let watched: Project;
  const items: LiveItem[] = [];
  // Started the moment an accepted item is published: is the event already committed?
  const rowsAtPublish = new Map<string, Promise<{ name: string } | null>>();
  let unsubscribe: () => void = () => undefined;

  beforeAll(async () => {
    inlet = await startTestInlet();
    watched = await createTestProject(inlet.database);
    unsubscribe = inlet.database.live.subscribe((item) => {
      items.push(item);
      if (item.kind === "accepted" && item.eventId && item.projectId === watched.projectId) {
        const row = inlet.database.prisma.event.findFirst({
          where: { id: item.eventId },
          select: { name: true },
        });
        rowsAtPublish.set(item.eventId, row);
      }
    });
  });
  afterAll(async () => {
    unsubscribe();
    await inlet?.close();
  });

  /** node:http, because fetch always sends a User-Agent of its own. */
  function send(
    method: string,
    path: string,
    body: object | string | undefined,
    headers: Record<string, string | undefined> = {},
  ): Promise<Answer> {
    const text = typeof body === "string" || body === undefined ? body : JSON.stringify(body);
    const sent = Object.fromEntries(
      Object.entries({ "content-type": "application/json", ...headers }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    return new Promise((resolve, reject) => {
      const request = httpRequest(new URL(path, inlet.url), { method, headers: sent }, (res) => {
        let received = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (received += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: received }),
        );
      });
      request.on("error", reject);
      request.end(text);
    });
  }
  const track = (
    project: Project,
    name: string,
    headers: Record<string, string | undefined> = {},
  ) => send("POST", "/e", { projectToken: project.token, name }, headers);
  const storedNames = async (project: Project) =>
    (
      await inlet.database.prisma.event.findMany({
        where: { projectId: project.projectId },
        select: { name: true },
      })
    ).map((event) => event.name);

  it("drops known crawlers with 200 + `x-inlet-dropped: bot` and stores nothing", async () => {
    const project = await createTestProject(inlet.database);
    for (const userAgent of CRAWLERS) {
      const answer = await track(project, "crawled", { "user-agent": userAgent });
      expect(answer.status, userAgent).toBe(200);
      expect(answer.headers["x-inlet-dropped"], userAgent).toBe("bot");
      expect(answer.headers["x-inlet-reason"]).toMatch(/\S/);
      expect(answer.body).toBe("");
    }
    expect(await storedNames(project)).toEqual([]);
  });

  it("stores HTTP client libraries and requests without a User-Agent", async () => {
    const project = await createTestProject(inlet.database);
    for (const [i, userAgent] of HTTP_CLIENTS.entries()) {
      const answer = await track(project, `client-${i}`, { "user-agent": userAgent });
      expect(answer.status, String(userAgent)).toBe(200);
      expect(answer.headers["x-inlet-dropped"], String(userAgent)).toBeUndefined();
    }
    const stored = await inlet.database.prisma.event.findMany({
      where: { projectId: project.projectId },
      select: { name: true, userAgent: true },
      orderBy: { name: "asc" },
    });
    expect(stored).toEqual(
      HTTP_CLIENTS.map((userAgent, i) => ({ name: `client-${i}`, userAgent: userAgent ?? null })),
    );
  });

  it("stores Googlebot within a second of bot filtering being switched off", async () => {
    const project = await createTestProject(inlet.database);
    const bot = { "user-agent": GOOGLEBOT };
    expect((await track(project, "filtered", bot)).headers["x-inlet-dropped"]).toBe("bot");
    await inlet.database.prisma.project.update({
      where: { id: project.projectId },
      data: { filterBots: false },
    });
    const switchedAt = performance.now();
    let kept: string | undefined;
    for (let attempt = 0; !kept && performance.now() - switchedAt < 1_500; attempt++) {
      const answer = await track(project, `after-${attempt}`, bot);
      expect(answer.status).toBe(200);
      if (answer.headers["x-inlet-dropped"] === undefined) kept = `after-${attempt}`;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(performance.now() - switchedAt).toBeLessThanOrEqual(1_000);
    expect(await storedNames(project)).toEqual([kept]);
  });

  it("acknowledges prefetches with 200 + `x-inlet-dropped: prefetch` and stores nothing", async () => {
    const project = await createTestProject(inlet.database);
    const prefetches = [
      { purpose: "prefetch" },
      { "x-purpose": "preview" },
      { "x-moz": "prefetch" },
      { "sec-purpose": "prefetch;prerender" },
    ];
    for (const headers of prefetches) {
      const answer = await track(project, "hovered", headers);
      expect(answer.status, JSON.stringify(headers)).toBe(200);
      expect(answer.headers["x-inlet-dropped"], JSON.stringify(headers)).toBe("prefetch");
      expect(answer.body).toBe("");
    }
    expect(await storedNames(project)).toEqual([]);
  });

  it("answers the browser SDK's CORS preflight with its headers, credentials and the origin", async () => {
    const origin = "https://app.example";
    for (const path of ["/e", "/i", "/u"]) {
      const answer = await send("OPTIONS", path, undefined, {
        "content-type": undefined,
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": [...SDK_HEADERS, "content-type"].join(", "),
      });
      expect(answer.status, path).toBe(204);
      expect(answer.headers["access-control-allow-origin"]).toBe(origin);
      expect(answer.headers["access-control-allow-credentials"]).toBe("true");
      expect(answer.headers["access-control-allow-methods"]).toMatch(/\bPOST\b/);
      const allowed = String(answer.headers["access-control-allow-headers"])
        .split(",")
        .map((name) => name.trim().toLowerCase());
      expect(allowed).toEqual(expect.arrayContaining([...SDK_HEADERS, "content-type"]));
    }
    const actual = await track(watched, "cors", { origin, token: watched.token });
    expect(actual.status).toBe(200);
    expect(actual.headers["access-control-allow-origin"]).toBe(origin);
    expect(actual.headers["access-control-allow-credentials"]).toBe("true");
  });

  it("refuses an origin outside the project's allowed list (403), accepts it and no origin", async () => {
    const project = await createTestProject(inlet.database);
    await inlet.database.prisma.project.update({
      where: { id: project.projectId },
      data: { allowedOrigins: ["https://shop.example"] },
    });
    const evil = await track(project, "evil", { origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    // The refusal names the origin that was refused, so the fix is obvious.
    expect(evil.headers["x-inlet-reason"]).toBe(
      "origin https://evil.example is not in the project's allowed origins",
    );
    expect(items).toContainEqual(
      expect.objectContaining({ kind: "refused", status: 403, projectId: project.projectId }),
    );
    expect((await track(project, "shop", { origin: "https://shop.example" })).status).toBe(200);
    expect((await track(project, "server")).status).toBe(200);
    expect((await storedNames(project)).sort()).toEqual(["server", "shop"]);
  });

  it("publishes a refusal with its status, reason, token, project and excerpt", async () => {
    const body = `{"projectToken": "${watched.token}"}`;
    const answer = await send("POST", "/e", body);
    expect(answer.status).toBe(400);
    const refusal = items.find((item) => item.kind === "refused" && item.token === watched.token);
    expect(refusal).toMatchObject({
      kind: "refused",
      status: 400,
      reason: answer.headers["x-inlet-reason"],
      token: watched.token,
      projectId: watched.projectId,
      path: "/e",
      excerpt: body,
    });

    const unknown = `proj_${randomBytes(18).toString("base64url")}`;
    expect((await send("POST", "/e", { projectToken: unknown, name: "x" })).status).toBe(401);
    expect(items.find((item) => item.kind === "refused" && item.token === unknown)).toMatchObject({
      status: 401,
      projectId: null,
    });
  });

  it("publishes a dropped bot as `dropped`", async () => {
    const answer = await track(watched, "crawled", { "user-agent": GOOGLEBOT });
    expect(answer.headers["x-inlet-dropped"]).toBe("bot");
    const dropped = items.find(
      (item) => item.kind === "dropped" && item.projectId === watched.projectId,
    );
    expect(dropped).toMatchObject({
      kind: "dropped",
      status: 200,
      reason: answer.headers["x-inlet-reason"],
      token: watched.token,
      path: "/e",
    });
  });

  it("publishes an accepted event only once its row is committed", async () => {
    const names = Array.from({ length: 10 }, (_, i) => `live-${i}`);
    const answers = await Promise.all(names.map((name) => track(watched, name)));
    expect(answers.map((answer) => answer.status)).toEqual(names.map(() => 200));
    const accepted = items.filter((item) => item.kind === "accepted" && names.includes(item.name));
    expect(accepted.map((item) => item.name).sort()).toEqual([...names].sort());
    for (const item of accepted) {
      if (item.kind !== "accepted" || !item.eventId) continue;
      expect(await rowsAtPublish.get(item.eventId), item.name).toEqual({ name: item.name });
    }
  });
});
