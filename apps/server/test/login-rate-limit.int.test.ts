// The server wires its login limiter into auth.login: past LOGIN_ATTEMPTS_PER_MINUTE, sign-ins get 429 and no session.
import { randomUUID } from "node:crypto";
import { createAdmin } from "@inlet/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

describe("login rate limit", () => {
  let inlet: TestInlet;
  beforeAll(async () => {
    inlet = await startTestInlet({ loginAttemptsPerMinute: 2 });
  });
  afterAll(() => inlet.close());

  it("refuses the attempt past the limit, even with the right password", async () => {
    const credentials = {
      email: `limited-${randomUUID()}@example.com`,
      password: "long enough password",
    };
    await createAdmin(inlet.database.prisma, credentials);
    const login = (password: string) =>
      postJson(inlet.url, "/trpc/auth.login", { email: credentials.email, password });
    expect((await login("wrong password")).status).toBe(401);
    expect((await login("wrong password")).status).toBe(401);
    const limited = await login(credentials.password);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("set-cookie")).toBeNull();
  });
});
