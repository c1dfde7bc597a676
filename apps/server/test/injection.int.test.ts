// SQL metacharacters, LIKE wildcards and JSON-path tricks in every field and filter are stored and returned literally.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin, type AdminClient } from "../../../test-support/admin-client.ts";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

const TRICKS = [
  "'; DROP TABLE events; --",
  'Robert"); DELETE FROM users; --',
  "%",
  "_",
  "a%b_c\\",
  "$.name",
  '{"$ne": null}',
  "' OR '1'='1",
  "\\x00\\u0000 ?| ?& #>> '{a,b}'",
  "@> '{}'::jsonb",
];

describe("injection", () => {
  let inlet: TestInlet;
  let client: AdminClient;
  beforeAll(async () => {
    inlet = await startTestInlet();
    client = await signInNewAdmin(inlet);
  });
  afterAll(() => inlet.close());

  it("stores tricky names, identifiers and custom data literally and filters on them exactly", async () => {
    const project = await createTestProject(inlet.database);
    for (const trick of TRICKS) {
      const response = await postJson(inlet.url, "/e", {
        projectToken: project.token,
        name: trick,
        identifier: `user ${trick}`,
        displayName: trick,
        contextId: trick,
        url: `https://example.com/?q=${encodeURIComponent(trick)}`,
        customData: { [trick]: trick, "a.b": trick, $where: "1" },
        userData: { set: { [trick]: trick } },
      });
      expect(response.status).toBe(200);
    }
    expect(
      await inlet.database.prisma.event.count({ where: { projectId: project.projectId } }),
    ).toBe(TRICKS.length);

    for (const trick of TRICKS) {
      const { events } = await client.event.list.query({
        projectId: project.projectId,
        name: trick,
      });
      expect(events.map((event) => event.name)).toEqual([trick]);
      expect(events[0]?.customData).toEqual({ [trick]: trick, "a.b": trick, $where: "1" });
      const byUser = await client.event.list.query({
        projectId: project.projectId,
        userIdentifier: `user ${trick}`,
      });
      expect(byUser.events).toHaveLength(1);
    }
  });

  it("treats LIKE wildcards in user search as plain characters", async () => {
    const project = await createTestProject(inlet.database);
    for (const identifier of ["100% sure", "plain", "under_score", "underXscore"]) {
      await postJson(inlet.url, "/i", { projectToken: project.token, identifier });
    }
    const search = async (text: string) =>
      (await client.user.list.query({ projectId: project.projectId, search: text })).users.map(
        (user) => user.identifier,
      );
    expect(await search("%")).toEqual(["100% sure"]);
    expect(await search("r_s")).toEqual(["under_score"]);
    expect(await search("'; --")).toEqual([]);
  });
});
