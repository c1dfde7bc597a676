// A silent partition between one process and PostgreSQL: /ready says so, and after it heals ingestion and the cross-process live stream resume within 5 s, with the newest stored events it missed replayed.
import type { LiveItem } from "@inlet/db";
import { describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { startTcpProxy } from "../../../test-support/tcp-proxy.ts";
import { startTestInlet } from "../../../test-support/test-inlet.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HEAL_BUDGET_MS = 5_000;

function through(url: string, port: number): string {
  const proxied = new URL(url);
  proxied.port = String(port);
  return proxied.toString();
}

async function status(url: string, path: string, body?: unknown): Promise<number> {
  try {
    const response = body
      ? await postJson(url, path, body)
      : await fetch(`${url}${path}`, { signal: AbortSignal.timeout(8_000) });
    return response.status;
  } catch {
    return 0;
  }
}

/** Milliseconds until `check` holds, polling; fails past `budgetMs`. */
async function timeUntil(check: () => Promise<boolean> | boolean, budgetMs: number) {
  const started = performance.now();
  while (!(await check())) {
    const elapsed = performance.now() - started;
    if (elapsed > budgetMs) throw new Error(`not within ${budgetMs} ms`);
    await sleep(100);
  }
  return performance.now() - started;
}

describe.runIf(testDatabaseKind() === "postgres")("a silent partition", () => {
  it("is noticed, and heals: ingestion, /ready and the live stream with the missed events", async () => {
    // `steady` talks to PostgreSQL directly; `cutOff` through a proxy that will freeze.
    const steady = await startTestInlet();
    const directUrl = steady.database.postgresUrl ?? "";
    const proxy = await startTcpProxy(new URL(directUrl).hostname, Number(new URL(directUrl).port));
    const cutOff = await startTestInlet({ databaseUrl: through(directUrl, proxy.port) });
    const project = await createTestProject(steady.database);
    const seen: string[] = [];
    const unsubscribe = cutOff.database.live.subscribe((item: LiveItem) => {
      if (item.kind === "accepted" && item.projectId === project.projectId) seen.push(item.name);
    });
    const track = (url: string, name: string) =>
      status(url, "/e", { projectToken: project.token, name });
    try {
      expect(await track(steady.url, "before")).toBe(200);
      await timeUntil(() => seen.includes("before"), HEAL_BUDGET_MS);
      // Stored a moment before the loss, in another project, more than a replay carries: the
      // replay must still reach the newest events.
      const filler = await createTestProject(steady.database);
      await steady.database.sql.query(
        `INSERT INTO events (id, project_id, anonymous_id, name, received_at, occurred_at)
         SELECT gen_random_uuid(), $1::uuid, 'filler', 'filler', now() - interval '5 seconds', now()
         FROM generate_series(1, 10001)`,
        [filler.projectId],
      );

      proxy.freeze();
      await timeUntil(async () => (await status(cutOff.url, "/ready")) === 503, 5_000);
      const during = ["during-1", "during-2", "during-3"];
      for (const name of during) expect(await track(steady.url, name)).toBe(200);
      // More requests caught by the freeze than cutOff has pooled connections: each waits on silence.
      const caught = await Promise.all(
        Array.from({ length: 12 }, (_, i) => track(cutOff.url, `caught-${i}`)),
      );
      expect(caught).toEqual(Array<number>(12).fill(503));
      // Longer than any single deadline, so every connection of cutOff has met the freeze.
      await sleep(6_000);
      expect(seen.filter((name) => name.startsWith("during"))).toEqual([]);

      proxy.thaw();
      const healedAt = performance.now();
      await timeUntil(() => during.every((name) => seen.includes(name)), HEAL_BUDGET_MS);
      await timeUntil(
        async () => (await track(cutOff.url, "cut-off-after")) === 200,
        HEAL_BUDGET_MS - (performance.now() - healedAt),
      );
      expect(await track(steady.url, "after")).toBe(200);
      await timeUntil(() => seen.includes("after"), HEAL_BUDGET_MS);
      expect(await status(cutOff.url, "/ready")).toBe(200);
      // Replayed once each, whatever the listener saw before the freeze.
      expect(seen.filter((name) => name === "before")).toHaveLength(1);
      for (const name of during) expect(seen.filter((n) => n === name)).toHaveLength(1);
    } finally {
      unsubscribe();
      await cutOff.close();
      await proxy.close();
      await steady.close();
    }
  }, 60_000);
});
