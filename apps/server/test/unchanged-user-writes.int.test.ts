// /i, /u and events that repeat what a user already has leave its row as it was, while any change, and /i's link and adoption, are still written.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

let inlet: TestInlet;
beforeAll(async () => {
  inlet = await startTestInlet();
});
afterAll(() => inlet.close());

// One cookieless server visitor: every request below shares its anonymous id.
const SERVER = { "user-agent": "backend/1.0" };

describe("writes that change nothing about a user", () => {
  it("keep the row, its version and updated_at; changes and links still land", async () => {
    const { projectId, token } = await createTestProject(inlet.database);
    const identifier = `user-${randomBytes(3).toString("hex")}`;
    const send = async (path: string, body: object) => {
      const response = await postJson(inlet.url, path, { projectToken: token, ...body }, SERVER);
      expect(response.status, await response.text()).toBe(200);
    };
    // xmin changes with every new row version, so it tells a rewrite from a read.
    const row = async () => {
      const [user] = await inlet.database.sql.query<{
        version: string;
        displayName: string | null;
        properties: unknown;
        updatedAt: Date;
      }>(
        `SELECT xmin::text AS version, display_name AS "displayName", properties,
           updated_at AS "updatedAt"
         FROM users WHERE project_id = $1::uuid AND identifier = $2`,
        [projectId, identifier],
      );
      if (!user) throw new Error("no user row");
      return user;
    };

    await send("/i", { identifier, displayName: "Ada", userData: { set: { plan: "pro" } } });
    const written = await row();
    expect(written).toMatchObject({ displayName: "Ada", properties: { plan: "pro" } });

    // An anonymous event of the visitor, then /i again with nothing new: the user row is
    // left alone, yet the event is adopted through the link.
    await send("/e", { name: "visit" });
    await send("/i", { identifier, displayName: "Ada" });
    await send("/u", { identifier, data: { set: { plan: "pro" }, setOnce: { plan: "free" } } });
    await send("/u", { data: { unset: ["never-set"] } });
    await send("/e", { name: "visit", identifier, userData: { set: { plan: "pro" } } });
    expect(await row()).toEqual(written);
    const events = await inlet.database.prisma.event.findMany({
      where: { projectId },
      select: { user: { select: { identifier: true } } },
    });
    expect(events.map((event) => event.user?.identifier)).toEqual([identifier, identifier]);

    // Each kind of change is written, by each of the three.
    await send("/u", { data: { setOnce: { firstSeen: "2026-12-01" } } });
    expect(await row()).toMatchObject({ properties: { plan: "pro", firstSeen: "2026-12-01" } });
    await send("/i", { identifier, displayName: "Ada L." });
    expect(await row()).toMatchObject({ displayName: "Ada L." });
    await send("/e", { name: "visit", identifier, userData: { unset: ["plan"] } });
    const changed = await row();
    expect(changed).toMatchObject({ properties: { firstSeen: "2026-12-01" } });
    expect(changed.version).not.toBe(written.version);
    expect(changed.updatedAt.getTime()).toBeGreaterThan(written.updatedAt.getTime());
  }, 30_000);
});
