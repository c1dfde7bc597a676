// A silent partition in the middle of an event export: its watchdog ends the download with an error instead of leaving it hanging, and once the network heals the next export is whole.
import { get, type IncomingMessage } from "node:http";
import { openDatabase } from "@inlet/db";
import { describe, expect, it } from "vitest";
import { buildServer } from "../src/build-server.ts";
import { createTestKey } from "../../../test-support/api-keys.ts";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { testDatabaseKind } from "../../../test-support/postgres.ts";
import { startTcpProxy } from "../../../test-support/tcp-proxy.ts";
import {
  testConfig,
  testDatabaseSettings,
  withDatabase,
} from "../../../test-support/test-inlet.ts";

// About 20 MB of NDJSON: more than the sockets between server and test can buffer, so the
// export is still reading batches when the partition starts.
const EVENTS = 20_000;
const DEADLINE_MS = 1_000;
// Far longer than the deadline; only a download that never ends reaches it.
const HANG_MS = 15_000;

const lineCount = (chunk: Buffer) => {
  let lines = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  return lines;
};

function open(url: string, key: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) =>
    get(url, { headers: { authorization: `Bearer ${key}` } }, resolve).once("error", reject),
  );
}

/** Lines read until the download ends: `error` says whether it broke off. */
async function readRest(body: AsyncIterator<Buffer>): Promise<{ lines: number; error: unknown }> {
  let lines = 0;
  try {
    for (let next = await body.next(); !next.done; next = await body.next())
      lines += lineCount(next.value);
    return { lines, error: null };
  } catch (error) {
    return { lines, error };
  }
}

const hangs = () =>
  new Promise<"hangs">((resolve) => setTimeout(() => resolve("hangs"), HANG_MS).unref());

describe.runIf(testDatabaseKind() === "postgres")("an export caught by a silent partition", () => {
  it("ends with an error within its deadline, and the next export is whole", async () => {
    const settings = testDatabaseSettings();
    // Seeded directly: on the proxied connections every query has the short deadline.
    const key = await withDatabase(settings, async (direct) => {
      const project = await createTestProject(direct);
      await direct.prisma.$executeRaw`
        INSERT INTO events (id, project_id, anonymous_id, name, custom_data, occurred_at, received_at)
        SELECT gen_random_uuid(), ${project.projectId}::uuid, 'anon-' || g, 'page_view',
          jsonb_build_object('padding', repeat('x', 1000)), now() - make_interval(secs => g), now()
        FROM generate_series(1, ${EVENTS}::int) AS g`;
      return (await createTestKey(direct, project.projectId)).key;
    });
    const direct = new URL(settings.databaseUrl ?? "");
    const proxy = await startTcpProxy(direct.hostname, Number(direct.port));
    const proxied = new URL(direct);
    proxied.port = String(proxy.port);
    const database = await openDatabase({
      databaseUrl: proxied.toString(),
      dataDir: "unused",
      queryDeadlineMs: DEADLINE_MS,
    });
    const app = await buildServer({
      config: testConfig({ databaseUrl: proxied.toString(), dataDir: "unused" }),
      database,
    });
    try {
      const url = await app.listen({ port: 0, host: "127.0.0.1" });
      const exportUrl = `${url}/api/v1/events/export?format=ndjson`;

      const response = await open(exportUrl, key);
      expect(response.statusCode).toBe(200);
      const body = (response as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      const first = await body.next();
      proxy.freeze();
      const stalled = await Promise.race([readRest(body), hangs()]);
      expect(stalled).not.toBe("hangs");
      if (stalled === "hangs") return;
      expect(stalled.error).toBeInstanceOf(Error);
      expect(lineCount(first.value as Buffer) + stalled.lines).toBeLessThan(EVENTS);

      proxy.thaw();
      // The broken connection left the export pool; the next export reads on a new one.
      const whole = await readRest((await open(exportUrl, key))[Symbol.asyncIterator]());
      expect(whole).toEqual({ lines: EVENTS, error: null });
    } finally {
      await app.close();
      await database.close();
      await proxy.close();
    }
  }, 60_000);
});
