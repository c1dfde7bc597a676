// What the SDKs send beyond the seed: header tokens, beacons, $$pageView, V-* headers, page leave and reset.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

let inlet: TestInlet;
beforeAll(async () => {
  inlet = await startTestInlet();
});
afterAll(() => inlet.close());

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${inlet.url}${path}`, { method: "POST", headers, body });

describe("the SDK dialect", () => {
  it("stores a header-token pageview with its SDK, version and referrer in canonical form", async () => {
    const project = await createTestProject(inlet.database);
    const response = await post(
      "/e",
      JSON.stringify({ name: "$$pageView", url: "https://shop.example/a", userIdentifier: "u-1" }),
      {
        "content-type": "application/json",
        token: project.token,
        "v-sdk": "web",
        "v-sdk-version": "0.6.1",
        "v-referrer": "https://search.example/?q=mugs",
      },
    );
    expect(response.status).toBe(200);
    const [event] = await inlet.database.prisma.event.findMany({
      where: { projectId: project.projectId },
      select: {
        name: true,
        url: true,
        sdk: true,
        sdkVersion: true,
        referrer: true,
        user: { select: { identifier: true } },
      },
    });
    expect(event).toEqual({
      name: "$pageview",
      url: "https://shop.example/a",
      sdk: "web",
      sdkVersion: "0.6.1",
      referrer: "https://search.example/?q=mugs",
      user: { identifier: "u-1" },
    });
  });

  it("accepts a beacon: JSON sent as text/plain with Token and Allow-Cookies in the body", async () => {
    const project = await createTestProject(inlet.database);
    const body = JSON.stringify({
      Token: project.token,
      "Allow-Cookies": true,
      name: "$$outboundLink",
      url: "https://shop.example/",
      customData: { href: "https://elsewhere.example/" },
    });
    const response = await post("/e", body, { "content-type": "text/plain;charset=UTF-8" });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/^_vuid=/);
    const events = await inlet.database.prisma.event.findMany({
      where: { projectId: project.projectId },
      select: { name: true, customData: true },
    });
    expect(events).toEqual([
      { name: "$outbound_link", customData: { href: "https://elsewhere.example/" } },
    ]);
  });

  it("acknowledges page-leave beacons without storing them", async () => {
    const project = await createTestProject(inlet.database);
    const response = await post("/l", JSON.stringify({ Token: project.token }), {
      "content-type": "text/plain",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-inlet-dropped")).toBe("page-leave");
    expect(
      await inlet.database.prisma.event.count({ where: { projectId: project.projectId } }),
    ).toBe(0);
  });

  it("forgets the visitor cookie on reset", async () => {
    const response = await post("/r", "", { cookie: "_vuid=AAAAAAAAAAAAAAAAAAAAAA" });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/^_vuid=; Max-Age=0;/);
  });
});
