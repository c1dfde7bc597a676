// The ingest token cache honours a rotated token's grace period to the millisecond, as token.rotate set it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInNewAdmin, type AdminClient } from "../../../test-support/admin-client.ts";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";
import { TokenCache } from "../src/ingest/token-cache.ts";

/** The id of the token the ingest edge admits, or null when it refuses it. */
async function admitted(cache: TokenCache, token: string): Promise<string | null> {
  const result = await cache.resolve(token);
  return result.valid ? result.token.tokenId : null;
}

describe("token rotation at the ingest edge", () => {
  let inlet: TestInlet;
  let admin: AdminClient;
  beforeAll(async () => {
    inlet = await startTestInlet();
    admin = await signInNewAdmin(inlet);
  });
  afterAll(() => inlet.close());

  it("admits the old token until its grace period ends, and the successor throughout", async () => {
    const { token, tokenId } = await createTestProject(inlet.database);
    let nowMs = Date.now();
    const cache = new TokenCache(inlet.database.prisma, { now: () => nowMs });
    expect(await admitted(cache, token)).toBe(tokenId);

    const { successor, oldTokenExpiresAt } = await admin.token.rotate.mutate({
      tokenId,
      graceSeconds: 60,
    });
    const graceEnd = new Date(oldTokenExpiresAt).getTime();
    nowMs = graceEnd - 1;
    expect(await admitted(cache, token)).toBe(tokenId);
    expect(await admitted(cache, successor.token)).toBe(successor.id);
    nowMs = graceEnd;
    expect(await admitted(cache, token)).toBeNull();
    const freshCache = new TokenCache(inlet.database.prisma, { now: () => nowMs });
    expect(await admitted(freshCache, token)).toBeNull();
    expect(await admitted(cache, successor.token)).toBe(successor.id);
  });

  it("stops a token rotated with no grace at once", async () => {
    const { token, tokenId } = await createTestProject(inlet.database);
    const cache = new TokenCache(inlet.database.prisma);
    await admin.token.rotate.mutate({ tokenId, graceSeconds: 0 });
    expect(await admitted(cache, token)).toBeNull();
  });
});
