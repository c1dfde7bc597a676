// The lazy request logger: no pino child until a request logs, then one bound like Fastify's.
import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import { lazyChildLogger } from "./lazy-logger.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: "info" }, stream) };
}

describe("lazyChildLogger", () => {
  it("makes its child on the first log line only, with the request's bindings", async () => {
    const { lines, logger } = capture();
    const child = vi.spyOn(logger, "child");
    const log = lazyChildLogger(logger, { reqId: "req-1" }, {});
    expect(child).not.toHaveBeenCalled();
    expect(log.level).toBe("info");
    log.error({ detail: 1 }, "failed");
    log.info("again");
    await new Promise((resolve) => setImmediate(resolve));
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.map(({ reqId, msg }) => ({ reqId, msg }))).toEqual([
      { reqId: "req-1", msg: "failed" },
      { reqId: "req-1", msg: "again" },
    ]);
    expect(lines[0]?.detail).toBe(1);
  });

  it("keeps a route's own level", () => {
    const { logger } = capture();
    const log = lazyChildLogger(logger, { reqId: "req-2" }, { level: "warn" });
    expect(log.level).toBe("warn");
  });
});
