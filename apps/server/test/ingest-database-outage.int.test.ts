// 503 + Retry-After when Postgres is unreachable or stops answering: prompt, never a 200, and only 200s are stored.
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { startTcpProxy } from "../../../test-support/tcp-proxy.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";
import "../../../test-support/vitest-context.ts";

const REASON = "x-inlet-reason";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function runDatabase() {
  const url = new URL(inject("postgresUrl") ?? "");
  return { url, host: url.hostname, port: Number(url.port || 5432) };
}

function through(url: URL, port: number): string {
  const proxied = new URL(url);
  proxied.port = String(port);
  return proxied.toString();
}

/** Event names of a project, read over a connection of our own (not the server's pool). */
async function storedNames(projectId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: runDatabase().url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT name FROM events WHERE project_id = $1",
      [projectId],
    );
    return rows.map((row) => row.name).sort();
  } finally {
    await client.end();
  }
}

/** One ingestion request: its status, or 0 when no answer came within `timeoutMs`. */
async function track(inlet: TestInlet, token: string, name: string, timeoutMs = 8_000) {
  const started = performance.now();
  try {
    const response = await fetch(`${inlet.url}/e`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ projectToken: token, name }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { name, response, status: response.status, ms: performance.now() - started };
  } catch {
    return { name, response: null, status: 0, ms: performance.now() - started };
  }
}

describe.runIf(testDatabaseKind() === "postgres")("ingestion while the database is down", () => {
  it("answers 503 + Retry-After promptly while cut, recovers, and stores exactly the 200s", async () => {
    const database = runDatabase();
    const proxy = await startTcpProxy(database.host, database.port);
    const inlet = await startTestInlet({ databaseUrl: through(database.url, proxy.port) });
    const project = await createTestProject(inlet.database);
    const answers: { name: string; status: number }[] = [];
    const send = async (name: string) => {
      const answer = await track(inlet, project.token, name);
      answers.push(answer);
      return answer;
    };
    try {
      expect((await send("warm-up")).status).toBe(200);
      proxy.cut();
      // The first requests find the token in the cache and fail at the write; the later
      // ones (past the cache's 800 ms TTL) fail at the token lookup. All must be 503.
      for (let i = 0; i < 6; i++) {
        if (i === 3) await sleep(900);
        const { status, response, ms } = await send(`during-${i}`);
        expect(status, `request ${i} during the outage`).toBe(503);
        expect(Number(response?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(response?.headers.get(REASON)).toMatch(/\S/);
        expect(ms).toBeLessThan(5_000);
      }
      proxy.restore();
      const restoredAt = performance.now();
      for (let attempt = 0; (await send(`after-${attempt}`)).status !== 200; attempt++) {
        expect(performance.now() - restoredAt, "200 again within 5 s").toBeLessThan(5_000);
        await sleep(100);
      }
      expect((await send("after-recovered")).status).toBe(200);
    } finally {
      await inlet.close();
      await proxy.close();
    }
    expect(answers.every(({ status }) => status === 200 || status === 503)).toBe(true);
    const acknowledged = answers.filter(({ status }) => status === 200).map(({ name }) => name);
    expect(await storedNames(project.projectId)).toEqual(acknowledged.sort());
  });

  it("answers 503 + Retry-After within a few seconds when the database stops answering", async () => {
    const database = runDatabase();
    const proxy = await startTcpProxy(database.host, database.port);
    const inlet = await startTestInlet({ databaseUrl: through(database.url, proxy.port) });
    const project = await createTestProject(inlet.database);
    try {
      // Concurrent warm-up leaves several idle connections in the server's pool.
      const warm = await Promise.all(
        Array.from({ length: 10 }, (_, i) => track(inlet, project.token, `warm-${i}`)),
      );
      expect(warm.map(({ status }) => status)).toEqual(Array<number>(10).fill(200));
      proxy.freeze();
      // Past the token cache's 800 ms TTL, the token lookup takes an idle pooled connection
      // that no longer carries bytes: the server must still answer, and soon.
      await sleep(900);
      const answers = [];
      for (const name of ["stalled-1", "stalled-2"])
        answers.push(await track(inlet, project.token, name, 20_000));
      for (const { name, status, response, ms } of answers) {
        expect(status, `${name}: 503 (0 = no answer within 20 s)`).toBe(503);
        expect(Number(response?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(ms, `${name}: answered within 5 s`).toBeLessThan(5_000);
      }
    } finally {
      // Release the stalled queries first, or closing the pool would wait for them.
      await proxy.close();
      await inlet.close();
    }
    const stored = await storedNames(project.projectId);
    expect(stored.filter((name) => name.startsWith("stalled"))).toEqual([]);
  }, 45_000);
});
