// The account page's API: changing one's password (current one required, other sessions end) and listing and ending one's sessions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  errorCode,
  openTestDatabase,
  type TestApi,
  type TestDatabase,
} from "./caller.ts";

describe("account", () => {
  let db: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    db = await openTestDatabase();
    api = createTestApi(db.database);
  });
  afterAll(() => db.close());

  it("lists the admin's own sessions with device, address and last seen, and ends any", async () => {
    const here = await api.signInAs("viewer", {
      userAgent: "Firefox on Linux",
      clientIp: "198.51.100.1",
    });
    const phone = await api.login(here.email, here.password, {
      userAgent: "Safari on iPhone",
      clientIp: "198.51.100.2",
    });
    const someoneElse = await api.signInAs("viewer");

    const sessions = await here.caller.account.sessions();
    expect(sessions).toHaveLength(2);
    expect(sessions).toContainEqual(
      expect.objectContaining({
        userAgent: "Firefox on Linux",
        ipAddress: "198.51.100.1",
        current: true,
      }),
    );
    const other = sessions.find((session) => !session.current);
    expect(other).toMatchObject({ userAgent: "Safari on iPhone", ipAddress: "198.51.100.2" });
    expect(other?.lastSeenAt).toBeInstanceOf(Date);

    // Another admin's session is not theirs to end, and is not revealed either.
    const [foreign] = await someoneElse.caller.account.sessions();
    expect(await errorCode(here.caller.account.endSession({ sessionId: foreign?.id ?? "" }))).toBe(
      "NOT_FOUND",
    );
    expect(await someoneElse.caller.account.sessions()).toHaveLength(1);

    await here.caller.account.endSession({ sessionId: other?.id ?? "" });
    expect(await errorCode(phone.caller.project.list())).toBe("UNAUTHORIZED");
    expect(await here.caller.account.sessions()).toHaveLength(1);
  });

  it("changes the password only with the current one, and signs out the other sessions", async () => {
    const here = await api.signInAs("admin");
    const elsewhere = await api.login(here.email, here.password);
    const newPassword = "an entirely new passphrase";
    expect(
      await errorCode(
        here.caller.account.changePassword({ currentPassword: "not it at all", newPassword }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await errorCode(
        here.caller.account.changePassword({
          currentPassword: here.password,
          newPassword: "short",
        }),
      ),
    ).toBe("BAD_REQUEST");
    await expect(elsewhere.caller.project.list()).resolves.toBeDefined();

    expect(
      await here.caller.account.changePassword({ currentPassword: here.password, newPassword }),
    ).toEqual({ otherSessionsEnded: 1 });
    expect(await errorCode(elsewhere.caller.project.list())).toBe("UNAUTHORIZED");
    await expect(here.caller.project.list()).resolves.toBeDefined();
    expect(await errorCode(api.login(here.email, here.password))).toBe("UNAUTHORIZED");
    await expect(api.login(here.email, newPassword)).resolves.toMatchObject({ email: here.email });
  });
});
