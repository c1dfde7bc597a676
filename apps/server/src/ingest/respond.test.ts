// The one outcome → reply + Live place: what each outcome publishes, sends, and never sends twice.
import Fastify from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { createLocalLiveBus, PUBLISH_LAG_MARGIN_MS, type LiveItem } from "@inlet/db";
import { accepted, dropped, refused, type IngestOutcome } from "./outcome.ts";
import type { RequestTrace } from "./request-trace.ts";
import { liveItemsOf, responder } from "./respond.ts";

const RECEIVED_AT = Date.UTC(2026, 0, 2, 3, 4, 5);
const clock = () => RECEIVED_AT;

function trace(overrides: Partial<RequestTrace> = {}): RequestTrace {
  const rawBody = JSON.stringify({ projectToken: "proj_x", name: "signup", identifier: "alice" });
  return {
    url: "/e?debug=1",
    rawBody,
    json: true,
    body: JSON.parse(rawBody) as unknown,
    token: "proj_x",
    secretKey: false,
    projectId: "p1",
    origin: "https://shop.test",
    userAgent: "ShopBackend/1.0",
    cookie: null,
    rateLimit: null,
    dryRun: false,
    ...overrides,
  };
}

const stored: LiveItem = {
  itemId: "e1",
  kind: "accepted",
  projectId: "p1",
  eventId: "e1",
  name: "signup",
  url: null,
  userIdentifier: "alice",
  anonymousId: "a1",
  customData: {},
  at: new Date(RECEIVED_AT).toISOString(),
};

describe("liveItemsOf", () => {
  it("shows what an accepted request stored, and nothing for a repeat", () => {
    expect(liveItemsOf(trace(), accepted(stored), clock)).toEqual([stored]);
    expect(liveItemsOf(trace(), accepted(null), clock)).toEqual([]);
  });

  it("shows a refusal with its request's token, path, name, user, excerpt and the time of the refusal", () => {
    expect(liveItemsOf(trace(), refused(400, "name is required"), clock)[0]).toMatchObject({
      kind: "refused",
      projectId: "p1",
      status: 400,
      reason: "name is required",
      token: "proj_x",
      path: "/e",
      name: "signup",
      userIdentifier: "alice",
      excerpt: trace().rawBody,
      origin: "https://shop.test",
      userAgent: "ShopBackend/1.0",
      at: "2026-01-02T03:04:05.000Z",
    });
  });

  it("names a refused SDK pageview as stored ones are named, so a $pageview filter finds it", () => {
    const rawBody = JSON.stringify({ projectToken: "proj_x", name: "$$pageView" });
    const [item] = liveItemsOf(
      trace({ rawBody, body: JSON.parse(rawBody) as unknown }),
      refused(403, "origin not allowed"),
      clock,
    );
    expect(item).toMatchObject({ kind: "refused", name: "$pageview" });
  });

  it("shows a drop as status 200 and reads nothing from a body that is not JSON", () => {
    const [item] = liveItemsOf(
      trace({ rawBody: "{", json: false, body: undefined }),
      dropped("prefetch", "prefetch requests are not stored"),
      clock,
    );
    expect(item).toMatchObject({ kind: "dropped", status: 200, name: null, excerpt: "{" });
  });
});

describe("responder", () => {
  const bus = createLocalLiveBus();
  const published: LiveItem[] = [];
  bus.subscribe((item) => published.push(item));
  const respond = responder(bus, clock);
  afterEach(() => {
    published.length = 0;
  });

  const warnings: string[] = [];
  afterEach(() => {
    warnings.length = 0;
  });

  /** Answers one request with `outcomes` in turn, as a late write would answer again. */
  async function answer(requestTrace: RequestTrace, ...outcomes: IngestOutcome[]) {
    const app = Fastify({
      logger: { level: "warn", stream: { write: (line: string) => warnings.push(line) } },
    });
    app.post("/e", async (_request, reply) => {
      for (const outcome of outcomes) await respond(reply, requestTrace, outcome);
      return reply;
    });
    const response = await app.inject({ method: "POST", url: "/e" });
    await app.close();
    return response;
  }

  it("publishes the stored item and answers 200 with the visitor's new cookie", async () => {
    const response = await answer(trace({ cookie: "_vuid=abc; Path=/" }), accepted(stored));
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("");
    expect(response.headers["set-cookie"]).toBe("_vuid=abc; Path=/");
    expect(published).toEqual([stored]);
  });

  it("answers a refusal with its status, reason and Retry-After, and publishes it", async () => {
    const response = await answer(trace(), refused(503, "server is busy; retry", 1));
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({
      "x-inlet-reason": "server is busy; retry",
      "retry-after": "1",
      "content-type": "text/plain; charset=utf-8",
    });
    expect(response.headers["set-cookie"]).toBeUndefined();
    expect(published).toMatchObject([{ kind: "refused", status: 503 }]);
  });

  it("writes the first reply only, but shows what a late write stored", async () => {
    const response = await answer(
      trace(),
      refused(503, "ingestion timed out", 1),
      accepted(stored),
    );
    expect(response.statusCode).toBe(503);
    expect(published.map((item) => item.kind)).toEqual(["refused", "accepted"]);
    // Fastify warns when a reply is sent twice.
    expect(warnings).toEqual([]);
  });

  it("leaves out a late write's item received longer ago than the publishing margin", async () => {
    const overdue = {
      ...stored,
      at: new Date(RECEIVED_AT - PUBLISH_LAG_MARGIN_MS - 1).toISOString(),
    };
    await answer(trace(), refused(503, "ingestion timed out", 1), accepted(overdue));
    expect(published.map((item) => item.kind)).toEqual(["refused"]);
  });

  it("answers a dry run's refusal with its status and reason as JSON, marked in the reply and Live", async () => {
    const response = await answer(
      trace({ dryRun: true, cookie: "_vuid=abc; Path=/" }),
      refused(400, "name is required"),
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers).toMatchObject({
      "x-inlet-reason": "name is required",
      "x-inlet-dry-run": "1",
      "content-type": "application/json; charset=utf-8",
    });
    expect(response.headers["set-cookie"]).toBeUndefined();
    expect(response.json()).toEqual({ dryRun: true, status: 400, reason: "name is required" });
    expect(published).toMatchObject([{ kind: "refused", dryRun: true }]);
  });

  it("answers a dry run's preview as JSON and publishes its rows", async () => {
    const row = { ...stored, eventId: null, dryRun: true as const };
    const response = await answer(trace({ dryRun: true }), {
      kind: "dry-run",
      body: { dryRun: true, type: "event" },
      live: [row],
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["x-inlet-dry-run"]).toBe("1");
    expect(response.json()).toEqual({ dryRun: true, type: "event" });
    expect(published).toEqual([row]);
  });

  it("answers only once the Live item has reached the other processes", async () => {
    let release = () => {};
    const slowBus = {
      ...createLocalLiveBus(),
      settled: () => new Promise<void>((resolve) => (release = resolve)),
    };
    const app = Fastify();
    app.post("/e", (_request, reply) =>
      responder(slowBus, clock)(reply, trace(), accepted(stored)),
    );
    let answered = false;
    const response = app.inject({ method: "POST", url: "/e" }).then((result) => {
      answered = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release();
    expect((await response).statusCode).toBe(200);
    await app.close();
  });
});
