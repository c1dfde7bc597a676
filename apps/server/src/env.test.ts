// Settings that only make sense together are refused at start with a message naming them.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./env.ts";

describe("loadConfig", () => {
  it("refuses several worker processes on the embedded database", () => {
    expect(() => loadConfig({ INLET_WORKERS: "3" })).toThrow(ConfigError);
    expect(() => loadConfig({ INLET_WORKERS: "3" })).toThrow(/INLET_WORKERS.*DATABASE_URL/);
  });

  it("runs several workers on PostgreSQL, and one by default", () => {
    const url = "postgres://inlet@db.example:5432/inlet";
    expect(loadConfig({ INLET_WORKERS: "3", DATABASE_URL: url }).workers).toBe(3);
    expect(loadConfig({}).workers).toBe(1);
  });
});
