// A seeded corpus of 1,600+ bad requests on /e, /i, /u: exact 4xx (200 when cleaned), never 5xx, nothing partial stored.
import { createHash } from "node:crypto";
import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { startTestInlet, testConfig, type TestInlet } from "../../../test-support/test-inlet.ts";
import { CorpusBuilder, type BadInputCase } from "./bad-input/builder.ts";
import { addShapeCases } from "./bad-input/shapes.ts";
import { addRandomCases } from "./bad-input/random.ts";
import { addTextCases } from "./bad-input/text.ts";

const SEED = 0x1e7_5eed;
const CONCURRENCY = 20;

function buildCorpus(token: string, seed: number): BadInputCase[] {
  const builder = new CorpusBuilder(token, seed);
  addShapeCases(builder);
  addTextCases(builder);
  addRandomCases(builder);
  return builder.cases;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** node:http rather than fetch: exact headers (or none), raw bytes, and an early 413 is still read. */
function send(baseUrl: string, item: BadInputCase, agent: Agent): Promise<Answer> {
  const body =
    item.body === undefined || Buffer.isBuffer(item.body) ? item.body : Buffer.from(item.body);
  const headers = Object.fromEntries(Object.entries(item.headers).filter(([, value]) => value));
  if (body) headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    let answer: Answer | undefined;
    const chunks: Buffer[] = [];
    const finish = () => resolve({ ...answer!, body: Buffer.concat(chunks).toString() });
    const request = httpRequest(
      new URL(item.path, baseUrl),
      { method: item.method, headers, agent, timeout: 20_000 },
      (response) => {
        answer = { status: response.statusCode ?? 0, headers: response.headers, body: "" };
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("close", finish);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`#${item.n} got no answer in 20 s`)));
    // A server that answers 413 before reading the body may reset the upload afterwards.
    request.on("error", (error) => (answer ? finish() : reject(error)));
    request.end(body);
  });
}

async function mapBounded<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

function digest(cases: BadInputCase[]): string {
  const hash = createHash("sha256");
  for (const item of cases) hash.update(`${item.label}\n${item.status}\n`).update(item.body ?? "");
  return hash.digest("hex");
}

const describeCase = (item: BadInputCase, answer: Answer) =>
  `#${item.n} ${item.method} ${item.path} ${item.label}: expected ${item.status}, got ` +
  `${answer.status} (${String(answer.headers["x-inlet-reason"] ?? answer.body.slice(0, 80))})`;

describe("a generated bad-input corpus", () => {
  let inlet: TestInlet;
  let project: Awaited<ReturnType<typeof createTestProject>>;
  let corpus: BadInputCase[];
  let answers: Answer[];
  let elapsedMs: number;
  const prototypeKeys = {
    object: Reflect.ownKeys(Object.prototype),
    array: Reflect.ownKeys(Array.prototype),
  };

  beforeAll(async () => {
    inlet = await startTestInlet({
      ingest: {
        ...testConfig().ingest,
        bodyLimitBytes: 65_536,
        rateLimitPerSecond: 1e6,
        rateLimitBurst: 1e6,
      },
    });
    project = await createTestProject(inlet.database);
    corpus = buildCorpus(project.token, SEED);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const started = performance.now();
    try {
      answers = await mapBounded(corpus, CONCURRENCY, (item) => send(inlet.url, item, agent));
    } finally {
      agent.destroy();
    }
    elapsedMs = performance.now() - started;
  }, 120_000);
  afterAll(async () => {
    await inlet?.close();
  });

  it("has at least 1,000 reproducible cases and runs well under a minute", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1_000);
    expect(digest(buildCorpus(project.token, SEED))).toBe(digest(corpus));
    expect(elapsedMs).toBeLessThan(60_000);
  });

  it("never answers 5xx", () => {
    const serverErrors = corpus.flatMap((item, i) =>
      answers[i]!.status >= 500 ? [describeCase(item, answers[i]!)] : [],
    );
    expect(serverErrors).toEqual([]);
  });

  it("answers each case with exactly its expected status", () => {
    const wrong = corpus.flatMap((item, i) =>
      answers[i]!.status === item.status ? [] : [describeCase(item, answers[i]!)],
    );
    expect(wrong).toEqual([]);
  });

  it("says `Invalid!` with a reason on every 400, a reason on every refusal, nothing on a 200", () => {
    const problems = corpus.flatMap((item, i) => {
      const answer = answers[i]!;
      const reason = answer.headers["x-inlet-reason"];
      const found: string[] = [];
      if (answer.status === 400 && answer.body !== "Invalid!") found.push("400 body");
      if (answer.status >= 400 && answer.status !== 404 && !reason) found.push("no reason");
      if (answer.status === 200 && (answer.body !== "" || answer.headers["x-inlet-dropped"])) {
        found.push("200 with a body or dropped");
      }
      return found.map((problem) => `${problem}: ${describeCase(item, answer)}`);
    });
    expect(problems).toEqual([]);
  });

  it("stores exactly one event per 200 on /e, users only from 200s, nothing from refusals", async () => {
    const accepted = corpus.filter((_, i) => answers[i]!.status === 200);
    const expectedEvents = accepted.filter((item) => item.path === "/e").map((item) => item.event);
    const expectedUsers = accepted.flatMap((item) => (item.user ? [item.user] : []));
    const { prisma } = inlet.database;
    const events = await prisma.event.findMany({
      where: { projectId: project.projectId },
      select: { name: true },
    });
    const users = await prisma.user.findMany({
      where: { projectId: project.projectId },
      select: { identifier: true },
    });
    expect(events).toHaveLength(expectedEvents.length);
    expect(events.map((event) => event.name).sort()).toEqual(expectedEvents.sort());
    expect(users.map((user) => user.identifier).sort()).toEqual(expectedUsers.sort());
    // Sanity: the corpus does exercise both sides.
    expect(expectedEvents.length).toBeGreaterThan(100);
    expect(accepted.length).toBeLessThan(corpus.length / 2);
  });

  it("leaves Object.prototype and Array.prototype untouched", () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Reflect.ownKeys(Object.prototype)).toEqual(prototypeKeys.object);
    expect(Reflect.ownKeys(Array.prototype)).toEqual(prototypeKeys.array);
  });

  it("still answers /health afterwards", async () => {
    const health = await fetch(`${inlet.url}/health`);
    expect(health.status).toBe(200);
  });
});
