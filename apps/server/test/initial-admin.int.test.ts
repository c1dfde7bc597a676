// The first admin named in the environment: created once, even when processes start together, and never over an existing admin.
import { describe, expect, it } from "vitest";
import { createFreshPostgresDatabase, testDatabaseKind } from "../../../test-support/postgres.ts";
import { startTestInlet } from "../../../test-support/test-inlet.ts";

describe.runIf(testDatabaseKind() === "postgres")(
  "INLET_ADMIN_EMAIL / INLET_ADMIN_PASSWORD",
  () => {
    it("creates exactly one first admin when two processes start at once, and none later", async () => {
      const fresh = await createFreshPostgresDatabase("initial_admin");
      try {
        const initialAdmin = { email: "ops@example.com", password: "a long enough passphrase" };
        const servers = await Promise.all([
          startTestInlet({ databaseUrl: fresh.url, initialAdmin }),
          startTestInlet({ databaseUrl: fresh.url, initialAdmin }),
        ]);
        const later = await startTestInlet({
          databaseUrl: fresh.url,
          initialAdmin: { email: "someone-else@example.com", password: "another long passphrase" },
        });
        const admins = await later.database.prisma.admin.findMany({ select: { email: true } });
        for (const server of [...servers, later]) await server.close();
        expect(admins).toEqual([{ email: "ops@example.com" }]);
      } finally {
        await fresh.drop();
      }
    });
  },
);
