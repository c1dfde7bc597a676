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

  it("reads the event time horizon in whole days, 30 by default", () => {
    expect(loadConfig({}).ingest.timeHorizonDays).toBe(30);
    expect(loadConfig({ INGEST_TIME_HORIZON_DAYS: "400" }).ingest.timeHorizonDays).toBe(400);
    expect(() => loadConfig({ INGEST_TIME_HORIZON_DAYS: "0" })).toThrow(/INGEST_TIME_HORIZON_DAYS/);
  });
});
