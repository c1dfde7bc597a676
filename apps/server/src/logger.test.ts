// The server's log options: secrets redacted, and errors logged without what drivers attach.
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { loggerOptions } from "./logger.ts";

function logLines(write: (logger: pino.Logger) => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  write(pino(loggerOptions("info"), sink));
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("loggerOptions", () => {
  it("logs an error's message, code and stack but not the connection a driver hung on it", () => {
    const error = Object.assign(new Error("terminating connection"), {
      code: "57P01",
      client: { parsedStatements: { inlet_store_events: "WITH input AS (…)" } },
    });
    const [line] = logLines((logger) => logger.error({ err: error }, "database background error"));
    const logged = line?.err as Record<string, unknown>;
    expect(logged).toMatchObject({ message: "terminating connection", code: "57P01" });
    expect(logged.stack).toContain("terminating connection");
    expect(logged).not.toHaveProperty("client");
    expect(error.client).toBeDefined();
  });

  it("redacts tokens and passwords", () => {
    const [line] = logLines((logger) =>
      logger.info({ token: "tok_secret", body: { password: "hunter2" } }, "sign-in"),
    );
    expect(JSON.stringify(line)).not.toMatch(/tok_secret|hunter2/);
  });
});
