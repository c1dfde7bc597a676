// Event export over HTTP: NDJSON and CSV (quoting, filters, many batches, no repeats) on /api/v1 with a key, and the dashboard's cookie-authenticated download for any role.
import { randomUUID } from "node:crypto";
import { createAdmin } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../../test-support/admin-client.ts";
import { apiErrorOf, apiGet, createTestKey } from "../../../test-support/api-keys.ts";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

const MANY = 2_345;
const TRICKY_NAME = 'say "hi", then\nleave';

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (quoted && char === '"') {
      quoted = false;
    } else if (quoted) {
      field += char;
    } else if (char === '"') {
      quoted = true;
    } else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 1;
    } else {
      field += char;
    }
  }
  return records;
}

describe("event export", () => {
  let inlet: TestInlet;
  let projectId: string;
  let key: string;

  beforeAll(async () => {
    inlet = await startTestInlet({ api: { rateLimitPerSecond: 1_000, rateLimitBurst: 1_000 } });
    ({ projectId } = await createTestProject(inlet.database));
    key = (await createTestKey(inlet.database, projectId)).key;
    const base = Date.parse("2026-03-01T00:00:00.000Z");
    // Some events share a millisecond, so batches must be cut by id too.
    await inlet.database.prisma.event.createMany({
      data: Array.from({ length: MANY }, (_, i) => ({
        id: randomUUID(),
        projectId,
        name: i === 0 ? TRICKY_NAME : i % 2 === 0 ? "even" : "odd",
        occurredAt: new Date(base + Math.floor(i / 3) * 1_000),
        anonymousId: `anon-${i}`,
        customData: i === 0 ? { note: 'quote " and, comma' } : { i: String(i) },
      })),
    });
  });
  afterAll(() => inlet.close());

  it("streams every event once as NDJSON, newest first", async () => {
    const response = await apiGet(inlet.url, "/events/export?format=ndjson", key);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    expect(response.headers.get("content-disposition")).toMatch(
      /attachment; filename="events-.*\.ndjson"/,
    );
    const lines = (await response.text()).trimEnd().split("\n");
    const events = lines.map((line) => JSON.parse(line) as { id: string; occurredAt: string });
    expect(events).toHaveLength(MANY);
    expect(new Set(events.map((event) => event.id)).size).toBe(MANY);
    const times = events.map((event) => event.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("writes CSV that a CSV reader gets the exact values back from", async () => {
    const response = await apiGet(inlet.url, "/events/export?format=csv", key);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const [header, ...records] = parseCsv(await response.text());
    expect(header?.slice(0, 3)).toEqual(["id", "name", "occurredAt"]);
    expect(records).toHaveLength(MANY);
    const column = (name: string) => header?.indexOf(name) ?? -1;
    const tricky = records.find((record) => record[column("name")] === TRICKY_NAME);
    expect(tricky).toBeDefined();
    expect(JSON.parse(tricky?.[column("customData")] ?? "")).toEqual({
      note: 'quote " and, comma',
    });
  });

  it("exports only what the filters match", async () => {
    const response = await apiGet(inlet.url, "/events/export?format=ndjson&name=odd", key);
    const names = new Set(
      (await response.text())
        .trimEnd()
        .split("\n")
        .map((line) => (JSON.parse(line) as { name: string }).name),
    );
    expect([...names]).toEqual(["odd"]);
    const empty = await apiGet(inlet.url, "/events/export?format=csv&name=none", key);
    expect(parseCsv(await empty.text())).toHaveLength(1);
  });

  it("answers 400 for a missing or unknown format", async () => {
    for (const query of ["", "?format=xml", "?format=csv&from=soon"]) {
      const response = await apiGet(inlet.url, `/events/export${query}`, key);
      expect(response.status, query).toBe(400);
      expect((await apiErrorOf(response)).reason).toMatch(/format|from/);
    }
  });

  it("lets any signed-in role download from the dashboard, and no one else", async () => {
    const email = `viewer-${randomUUID()}@example.com`;
    await createAdmin(inlet.database.prisma, { email, password: "long enough password" }, "viewer");
    const cookie = await signIn(inlet.url, email, "long enough password");
    const path = `/export/projects/${projectId}/events?format=csv&name=even`;
    const response = await fetch(`${inlet.url}${path}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      /attachment; filename="events-.*\.csv"/,
    );
    const records = parseCsv(await response.text());
    expect(records).toHaveLength(1 + Math.floor((MANY - 1) / 2));

    expect((await fetch(`${inlet.url}${path}`)).status).toBe(401);
    const stranger = await fetch(`${inlet.url}${path}`, {
      headers: { cookie: "inlet_session=made-up" },
    });
    expect(stranger.status).toBe(401);
    const noProject = await fetch(
      `${inlet.url}/export/projects/${randomUUID()}/events?format=csv`,
      {
        headers: { cookie },
      },
    );
    expect(noProject.status).toBe(404);
    // A secret key is for /api/v1 only: it opens no dashboard route.
    const withKey = await fetch(`${inlet.url}${path}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(withKey.status).toBe(401);
  });
});
