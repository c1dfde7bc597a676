/**
 * The fixtures every spec builds its state from, so that each passes alone and in any order:
 *
 *   import { expect, test } from "./support/fixtures.ts";
 *
 *   test("…", async ({ signedIn: page, request }) => {
 *     const project = await createProject(page, "Some name"); // a project of its own
 *   });
 *
 * - `signedIn`: the page, signed in as the e2e admin (ADMIN in admin.ts). On a fresh server
 *   the first spec to ask runs first-run setup, so it does not matter which one that is.
 * - `ownServer`: an Inlet of this test's own (fresh data directory, free port), for stopping
 *   and restarting it; stopped and removed after the test.
 * - `testOnOwnServer`: the same `test`, with `baseURL` (so `page.goto("/")`, `request` and
 *   `signedIn`) pointing at `ownServer`: for specs that need a fresh install.
 */
import { test as base } from "@playwright/test";
import type { Page } from "@playwright/test";
import { signIn } from "./admin.ts";
import { OwnServer } from "./own-server.ts";

export { expect } from "@playwright/test";

interface Fixtures {
  signedIn: Page;
  ownServer: OwnServer;
}

export const test = base.extend<Fixtures>({
  signedIn: async ({ page }, use) => {
    await signIn(page);
    await use(page);
  },
  ownServer: [
    // Playwright reads a fixture's dependencies from its first parameter; this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await OwnServer.start();
      try {
        await use(server);
      } finally {
        await server.dispose();
      }
    },
    // Starting a process of its own takes a while on a busy machine; not the test's time.
    { timeout: 90_000 },
  ],
});

export const testOnOwnServer = test.extend({
  baseURL: async ({ ownServer }, use) => {
    await use(ownServer.url);
  },
});
