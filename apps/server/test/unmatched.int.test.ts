// Requests no project matches: the 401 body's reason, the admins' Unmatched stream with masked tokens and hints, and its bounds.
import { revokeToken } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin, type AdminClient } from "../../../test-support/admin-client.ts";
import { createTestProject, postJson } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";
import { UNMATCHED_PER_SECOND } from "../src/ingest/unmatched-gate.ts";

interface Seen {
  reason: string;
  token: string | null;
  origin: string | null;
  userAgent: string | null;
  excerpt: string;
  hint: string | null;
  path: string;
}

function watch(client: AdminClient) {
  const seen: Seen[] = [];
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const subscription = client.unmatched.requests.subscribe(
    {},
    {
      onStarted: () => started(),
      onData: (entry) => {
        if (entry.data.type === "request") seen.push(entry.data.request);
      },
    },
  );
  return { seen, ready, stop: () => subscription.unsubscribe() };
}

/** The token with one character changed: the typo a person makes copying it. */
function typo(token: string): string {
  const last = token.at(-1) === "a" ? "b" : "a";
  return `${token.slice(0, -1)}${last}`;
}

describe("unmatched requests", () => {
  let inlet: TestInlet;
  let client: AdminClient;

  beforeAll(async () => {
    inlet = await startTestInlet();
    client = await signInNewAdmin(inlet);
  });
  afterAll(async () => {
    await inlet.close();
  });

  it("shows a typo'd token with its origin, agent, masked token and a hint naming the project", async () => {
    const project = await createTestProject(inlet.database, "Typo shop");
    const live = watch(client);
    await live.ready;
    const wrong = typo(project.token);
    const response = await postJson(
      inlet.url,
      "/e",
      { projectToken: wrong, name: "signup" },
      { origin: "https://shop.example", "user-agent": "ShopBackend/1.0" },
    );
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("unknown project token");
    expect(response.headers.get("x-inlet-reason")).toBe("unknown project token");

    await expect.poll(() => live.seen.length).toBeGreaterThan(0);
    const [seen] = live.seen;
    live.stop();
    expect(seen).toMatchObject({
      reason: "unknown project token",
      origin: "https://shop.example",
      userAgent: "ShopBackend/1.0",
      path: "/e",
      hint: "Differs by 1 character from a token of project “Typo shop”: check for a typo.",
    });
    // Neither the token nor the body give the token away.
    expect(seen?.token).toMatch(/^proj_\w{2}…\w{3}$/);
    expect(seen?.excerpt).toContain('"name":"signup"');
    expect(seen?.excerpt).not.toContain(wrong);
    expect(seen?.excerpt).not.toContain(wrong.slice(5, 20));
  });

  it("shows missing and revoked tokens, and the recent ones to a viewer who opens later", async () => {
    const project = await createTestProject(inlet.database, "Old shop");
    await revokeToken(inlet.database.prisma, project.token, new Date());
    const missing = await postJson(inlet.url, "/e", { name: "no token" });
    expect(await missing.text()).toBe("missing project token");
    const revoked = await postJson(inlet.url, "/e", { projectToken: project.token, name: "x" });
    expect(await revoked.text()).toBe("project token revoked or expired");

    // Opened after both requests: they are in its opening history.
    const later = watch(client);
    await later.ready;
    await expect
      .poll(() => later.seen.map((seen) => seen.reason))
      .toEqual(
        expect.arrayContaining(["missing project token", "project token revoked or expired"]),
      );
    later.stop();
    const revokedSeen = later.seen.find((seen) => seen.reason.startsWith("project token revoked"));
    expect(revokedSeen?.hint).toBe(
      "This is a revoked token of project “Old shop”: use its current token.",
    );
    expect(later.seen.find((seen) => seen.reason === "missing project token")?.token).toBeNull();
  });

  it("cannot be read with a project token, only with an admin session", async () => {
    const project = await createTestProject(inlet.database);
    const input = encodeURIComponent(JSON.stringify({}));
    const response = await fetch(`${inlet.url}/trpc/unmatched.requests?input=${input}`, {
      headers: { token: project.token, accept: "text/event-stream" },
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    expect(text).toContain("UNAUTHORIZED");
    expect(text).not.toContain("unknown project token");
  });

  it("samples a flood of bad tokens at a bounded rate, and answers every request", async () => {
    const live = watch(client);
    await live.ready;
    const started = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: 400 }, (_, n) =>
        postJson(inlet.url, "/e", {
          projectToken: `proj_flood${n}xxxxxxxxxxxxxxxxxxxxxx`,
          name: "x",
        }).then((response) => response.status),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    expect(new Set(statuses)).toEqual(new Set([401]));
    // Let what was published arrive, then compare with what the gate may let through.
    await new Promise((resolve) => setTimeout(resolve, 300));
    live.stop();
    const flood = live.seen.filter((seen) => seen.token?.startsWith("proj_fl"));
    expect(flood.length).toBeGreaterThan(0);
    expect(flood.length).toBeLessThanOrEqual(
      UNMATCHED_PER_SECOND * 5 + Math.ceil(UNMATCHED_PER_SECOND * (seconds + 0.3)),
    );
  });
});
