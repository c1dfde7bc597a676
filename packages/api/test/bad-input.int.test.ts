// Invalid input to every router answers BAD_REQUEST from validation, and leaves the database exactly as it was.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  errorCode,
  openTestDatabase,
  type Caller,
  type SignedIn,
  type TestApi,
  type TestDatabase,
} from "./caller.ts";
import { createTestProject } from "./test-data.ts";

type Case = [label: string, call: (caller: Caller) => Promise<unknown>];

/** Lets a test pass input of the wrong type, as a hand-written HTTP request could. */
const loose = <T>(value: unknown) => value as T;
const long = (length: number) => "x".repeat(length);

describe("invalid input", () => {
  let db: TestDatabase;
  let api: TestApi;
  let admin: SignedIn;
  let projectId: string;
  let tokenId: string;

  /** Everything a refused call could have half-written. */
  async function snapshot() {
    const prisma = db.database.prisma;
    return {
      projects: await prisma.project.count(),
      tokens: await prisma.projectToken.count(),
      admins: await prisma.admin.count(),
      sessions: await prisma.adminSession.count(),
      project: await prisma.project.findUniqueOrThrow({
        where: { id: projectId },
        include: { tokens: { orderBy: { createdAt: "asc" } } },
      }),
    };
  }

  async function expectAllRefused(cases: Case[], caller: Caller = admin.caller) {
    const before = await snapshot();
    const failures: string[] = [];
    for (const [label, call] of cases) {
      const code = await errorCode(call(caller));
      if (code !== "BAD_REQUEST") failures.push(`${label}: ${code}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    api = createTestApi(db.database);
    admin = await api.signIn();
    ({ projectId, tokenId } = await createTestProject(db.database));
  });
  afterAll(() => db.close());

  it("auth", async () => {
    await expectAllRefused(
      [
        ["session with input", (c) => c.auth.session(loose(1))],
        ["login email too long", (c) => c.auth.login({ email: long(255), password: "x" })],
        ["login empty password", (c) => c.auth.login({ email: "a@b.example", password: "" })],
        [
          "login password not a string",
          (c) => c.auth.login(loose({ email: "a@b.c", password: 1 })),
        ],
        ["bootstrap bad email", (c) => c.auth.bootstrap({ email: "nope", password: long(12) })],
        [
          "bootstrap short password",
          (c) => c.auth.bootstrap({ email: "a@b.example", password: "short" }),
        ],
      ],
      api.caller().caller,
    );
  });

  it("project", async () => {
    await expectAllRefused([
      ["get non-uuid", (c) => c.project.get({ projectId: "not-a-uuid" })],
      ["get SQL", (c) => c.project.get({ projectId: "'; DROP TABLE projects; --" })],
      ["create empty name", (c) => c.project.create({ name: "" })],
      ["create blank name", (c) => c.project.create({ name: "   " })],
      ["create 101 chars", (c) => c.project.create({ name: long(101) })],
      ["create number", (c) => c.project.create(loose({ name: 42 }))],
      ["create no input", (c) => c.project.create(loose(undefined))],
      ["rename too long", (c) => c.project.rename({ projectId, name: long(101) })],
      ["rename non-uuid", (c) => c.project.rename({ projectId: "1", name: "ok" })],
      [
        "settings bad origin",
        (c) =>
          c.project.updateSettings({
            projectId,
            allowedOrigins: ["ftp://a.example"],
            filterBots: false,
          }),
      ],
      [
        "settings filterBots string",
        (c) => c.project.updateSettings(loose({ projectId, allowedOrigins: [], filterBots: "no" })),
      ],
      [
        "settings origins not an array",
        (c) =>
          c.project.updateSettings(
            loose({ projectId, allowedOrigins: "https://a.example", filterBots: true }),
          ),
      ],
      [
        "settings 101 origins",
        (c) =>
          c.project.updateSettings({
            projectId,
            allowedOrigins: Array.from({ length: 101 }, (_, i) => `https://h${i}.example`),
            filterBots: true,
          }),
      ],
      ["delete without confirmation", (c) => c.project.delete(loose({ projectId }))],
    ]);
  });

  it("token", async () => {
    await expectAllRefused([
      ["list non-uuid", (c) => c.token.list({ projectId: "x" })],
      ["create label too long", (c) => c.token.create({ projectId, label: long(101) })],
      ["create label missing", (c) => c.token.create(loose({ projectId }))],
      ["revoke non-uuid", (c) => c.token.revoke({ tokenId: "proj_notanid" })],
      ["rotate negative grace", (c) => c.token.rotate({ tokenId, graceSeconds: -1 })],
      ["rotate fractional grace", (c) => c.token.rotate({ tokenId, graceSeconds: 1.5 })],
      ["rotate grace over 30 days", (c) => c.token.rotate({ tokenId, graceSeconds: 31 * 86_400 })],
      ["rotate grace as string", (c) => c.token.rotate(loose({ tokenId, graceSeconds: "60" }))],
    ]);
  });

  it("event, user and stats", async () => {
    await expectAllRefused([
      ["event.list limit 0", (c) => c.event.list({ projectId, limit: 0 })],
      ["event.list limit 201", (c) => c.event.list({ projectId, limit: 201 })],
      ["event.list limit 1.5", (c) => c.event.list({ projectId, limit: 1.5 })],
      ["event.list name too long", (c) => c.event.list({ projectId, name: long(201) })],
      ["event.list bad date", (c) => c.event.list(loose({ projectId, from: "yesterday-ish" }))],
      ["event.list token non-uuid", (c) => c.event.list({ projectId, tokenId: "t" })],
      ["event.list cursor too long", (c) => c.event.list({ projectId, cursor: long(201) })],
      ["event.get non-uuid", (c) => c.event.get({ projectId, eventId: "42" })],
      ["user.list search too long", (c) => c.user.list({ projectId, search: long(256) })],
      ["user.list search number", (c) => c.user.list(loose({ projectId, search: 7 }))],
      ["user.get non-uuid", (c) => c.user.get({ projectId, userId: "u" })],
      ["stats non-uuid", (c) => c.stats.eventsPerMinute({ projectId: `${randomUUID()}x` })],
    ]);
  });

  it("live", async () => {
    await expectAllRefused([
      ["unknown kind", (c) => c.live.events(loose({ projectId, kinds: ["bogus"] }))],
      [
        "too many names",
        (c) => c.live.events({ projectId, names: Array(51).fill("n") as string[] }),
      ],
      ["last event id too long", (c) => c.live.events({ projectId, lastEventId: long(101) })],
      ["non-uuid project", (c) => c.live.events({ projectId: "p" })],
    ]);
  });
});
