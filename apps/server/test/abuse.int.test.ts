// Slow and idle clients, size limits, and a project token that tries to read the admin API.
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

let inlet: TestInlet;
beforeAll(async () => {
  inlet = await startTestInlet();
});
afterAll(() => inlet.close());

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.on("error", reject);
  });
}

describe("slow and idle clients", () => {
  it("keeps serving others while hundreds of clients stall mid-request or sit idle", async () => {
    const project = await createTestProject(inlet.database);
    const port = Number(new URL(inlet.url).port);
    const sockets = await Promise.all(Array.from({ length: 300 }, () => openSocket(port)));
    try {
      // Half send a partial request and stall (slowloris); the rest never send anything.
      sockets
        .slice(0, 150)
        .forEach((socket) =>
          socket.write("POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"),
        );
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          postJson(inlet.url, "/e", { projectToken: project.token, name: `meanwhile-${i}` }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it("refuses oversized headers and bodies without storing anything", async () => {
    const project = await createTestProject(inlet.database);
    const hugeHeader = await postJson(
      inlet.url,
      "/e",
      { projectToken: project.token, name: "h" },
      { "x-padding": "a".repeat(20_000) },
    );
    expect(hugeHeader.status).toBe(431);
    const hugeBody = await postJson(inlet.url, "/e", {
      projectToken: project.token,
      name: "b",
      pad: "a".repeat(70_000),
    });
    expect(hugeBody.status).toBe(413);
    expect(
      await inlet.database.prisma.event.count({ where: { projectId: project.projectId } }),
    ).toBe(0);
  });
});

describe("a project token", () => {
  it("cannot read anything from the admin API, however it is presented", async () => {
    const project = await createTestProject(inlet.database);
    const attempts: Record<string, string>[] = [
      { token: project.token },
      { authorization: `Bearer ${project.token}` },
      { cookie: `inlet_session=${project.token}` },
    ];
    for (const headers of attempts) {
      for (const path of ["project.list", "event.list", "user.list", "token.list"]) {
        const input = encodeURIComponent(JSON.stringify({ projectId: project.projectId }));
        const response = await fetch(`${inlet.url}/trpc/${path}?input=${input}`, { headers });
        expect(response.status).toBe(401);
        expect(await response.text()).not.toContain(project.token);
      }
    }
  });
});
