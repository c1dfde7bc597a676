// The contract's own curl examples, run with the real curl against a real server, and the rows they leave.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";
import { SEED_HOST, SEED_TOKEN, seedExamples } from "./fixtures/seed-curl-examples.ts";

const exec = promisify(execFile);

/** Runs a documented command through the shell, with only host and token replaced. */
async function runCurl(command: string, host: string, token: string) {
  const adapted = command
    .replaceAll(SEED_HOST, host)
    .replaceAll(SEED_TOKEN, token)
    .replace("proj_123", token);
  const { stdout } = await exec("sh", ["-c", `${adapted} --silent --include`]);
  const [statusLine = "", ...rest] = stdout.split("\r\n");
  const body = stdout.slice(stdout.indexOf("\r\n\r\n") + 4);
  const headers = rest.slice(0, rest.indexOf(""));
  return {
    status: Number(statusLine.split(" ")[1]),
    body,
    headers: headers.join("\n").toLowerCase(),
  };
}

describe("the seed document's curl examples", () => {
  let inlet: TestInlet;
  let project: Awaited<ReturnType<typeof createTestProject>>;

  beforeAll(async () => {
    inlet = await startTestInlet();
    project = await createTestProject(inlet.database);
  });
  afterAll(() => inlet.close());

  const events = () =>
    inlet.database.prisma.event.findMany({
      where: { projectId: project.projectId },
      orderBy: { receivedAt: "asc" },
      select: { name: true, url: true, customData: true, user: { select: { identifier: true } } },
    });
  const user = () =>
    inlet.database.prisma.user.findUniqueOrThrow({
      where: { projectId_identifier: { projectId: project.projectId, identifier: "user_123" } },
      select: { displayName: true, properties: true },
    });

  it("tracks a pageview", async () => {
    const response = await runCurl(seedExamples.trackPageview, inlet.url, project.token);
    expect(response).toMatchObject({ status: 200, body: "" });
    expect(await events()).toEqual([
      {
        name: "$pageview",
        url: "https://example.com/blog/article",
        customData: {},
        user: { identifier: "user_123" },
      },
    ]);
    expect(await user()).toEqual({ displayName: "john@example.com", properties: {} });
  });

  it("tracks a custom event with its custom data as strings", async () => {
    expect((await runCurl(seedExamples.trackCustomEvent, inlet.url, project.token)).status).toBe(
      200,
    );
    expect((await events()).at(-1)).toEqual({
      name: "purchase",
      url: null,
      customData: { plan: "pro", amount: "99.99", currency: "USD", billing_period: "monthly" },
      user: { identifier: "user_123" },
    });
  });

  it("tracks an event with user properties set and set once", async () => {
    expect(
      (await runCurl(seedExamples.trackWithUserProperties, inlet.url, project.token)).status,
    ).toBe(200);
    expect((await events()).at(-1)).toMatchObject({ name: "signup", customData: { plan: "pro" } });
    expect((await user()).properties).toEqual({
      email: "john@example.com",
      plan: "pro",
      signup_date: "2026-03-04",
    });
  });

  it("identifies the user", async () => {
    expect((await runCurl(seedExamples.identifyUser, inlet.url, project.token)).status).toBe(200);
    expect(await user()).toMatchObject({ displayName: "john@example.com" });
    expect(await events()).toHaveLength(3);
  });

  it("updates the user that this visitor was identified as", async () => {
    // No identifier in the body: the cookieless id of this client (same IP, same curl)
    // was linked to user_123 by the calls above.
    expect(
      (await runCurl(seedExamples.updateUserProperties, inlet.url, project.token)).status,
    ).toBe(200);
    expect(await user()).toEqual({
      displayName: "John Doe",
      properties: {
        email: "john@example.com",
        plan: "enterprise",
        company: "Acme Inc",
        signup_date: "2026-03-04",
      },
    });
  });

  it("answers a body without a name 400 Invalid!, and stores nothing", async () => {
    const response = await runCurl(seedExamples.missingName, inlet.url, project.token);
    expect(response).toMatchObject({ status: 400, body: "Invalid!" });
    expect(response.headers).toContain("x-inlet-reason: name is required");
    expect(await events()).toHaveLength(3);
  });
});
