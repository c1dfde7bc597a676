// gzip and deflate bodies on every ingest endpoint: stored as if sent plain, the limit on the inflated size (a gzip bomb is a 413), unknown encodings 415, corrupt streams 400.
import { gzipSync, deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

const REASON = "x-inlet-reason";
let inlet: TestInlet;
let project: Awaited<ReturnType<typeof createTestProject>>;
beforeAll(async () => {
  inlet = await startTestInlet();
  project = await createTestProject(inlet.database);
});
afterAll(() => inlet.close());

const post = (path: string, body: Buffer, encoding: string) =>
  fetch(`${inlet.url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "content-encoding": encoding,
      "user-agent": "curl/8",
    },
    body: body,
  });
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const countNamed = (name: string) =>
  inlet.database.prisma.event.count({ where: { projectId: project.projectId, name } });

describe("compressed bodies", () => {
  it("stores gzip and deflate bodies on /e, /i, /u and /batch as if sent plain", async () => {
    const token = project.token;
    const cases: [string, unknown][] = [
      ["/e", { projectToken: token, name: "zipped", identifier: "zed" }],
      ["/i", { projectToken: token, identifier: "zed" }],
      ["/u", { projectToken: token, identifier: "zed", displayName: "Zed" }],
      ["/batch", { projectToken: token, batch: [{ type: "event", name: "zipped" }] }],
    ];
    for (const [path, body] of cases) {
      for (const [encoding, compress] of [
        ["gzip", gzipSync],
        ["deflate", deflateSync],
      ] as const) {
        const response = await post(path, compress(json(body)), encoding);
        expect(response.status, `${path} ${encoding}`).toBe(200);
      }
    }
    expect(await countNamed("zipped")).toBe(4);
  });

  it("refuses a gzip bomb with 413 once the inflated size passes the limit", async () => {
    // 64 MB of one JSON string compresses to about 64 KB; the limit is 64 KB inflated.
    const bomb = gzipSync(
      Buffer.concat([
        Buffer.from(`{"projectToken":"${project.token}","name":"bomb","url":"`),
        Buffer.alloc(64 * 1024 * 1024, "a"),
        Buffer.from(`"}`),
      ]),
    );
    expect(bomb.length).toBeLessThan(200_000);
    const started = Date.now();
    const response = await post("/e", bomb, "gzip");
    expect(response.status).toBe(413);
    expect(response.headers.get(REASON)).toBe("body is larger than 65536 bytes");
    expect(Date.now() - started).toBeLessThan(5_000);
    const batchBomb = await post("/batch", bomb, "gzip");
    expect(batchBomb.status).toBe(413);
    expect(batchBomb.headers.get(REASON)).toBe("body is larger than 1048576 bytes");
    expect(await countNamed("bomb")).toBe(0);
  });

  it("refuses an unknown encoding with 415 and a corrupt stream with 400", async () => {
    const body = json({ projectToken: project.token, name: "bad-encoding" });
    const unknown = await post("/e", body, "br");
    expect(unknown.status).toBe(415);
    expect(unknown.headers.get(REASON)).toMatch(/Content-Encoding br is not supported/);
    const corrupt = await post(
      "/e",
      Buffer.concat([gzipSync(body).subarray(0, 12), Buffer.from("garbage!")]),
      "gzip",
    );
    expect(corrupt.status).toBe(400);
    expect(corrupt.headers.get(REASON)).toBe("body is not valid gzip data");
    const truncated = await post("/batch", gzipSync(body).subarray(0, 20), "gzip");
    expect(truncated.status).toBe(400);
    expect(await countNamed("bad-encoding")).toBe(0);
  });
});
