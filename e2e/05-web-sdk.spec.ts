// The published @vemetric/web SDK, on a page from another origin with Inlet as its host:
// its pageview, a custom event and an identify reach Inlet (CORS with credentials) and Live.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium, type BrowserContext } from "@playwright/test";
import { expect, test } from "./support/fixtures.ts";
import { chromiumLaunchOptions } from "./support/browser.ts";
import { createProject, liveRows, openLive } from "./support/project.ts";
import type { InPage } from "./support/in-page.ts";

// The SDK ignores pages run by automation (navigator.webdriver); a real visitor's browser
// has it false, and so must this one.
test.use({
  launchOptions: chromiumLaunchOptions(["--disable-blink-features=AutomationControlled"]),
});

const sdkDist = dirname(createRequire(import.meta.url).resolve("@vemetric/web"));
// The SDK also ignores localhost and 127.0.0.1, so the site lives on another loopback address.
const SITE_HOST = "127.0.0.2";

function sitePage(token: string, inletUrl: string, allowCookies: boolean): string {
  // The npm package's documented use: import { vemetric } and init it; it loads its script
  // (served here instead of from Vemetric's CDN) and sends to `host`.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1>
<script type="module">
  import { vemetric } from "/sdk/index.mjs";
  vemetric.init({ token: ${JSON.stringify(token)}, host: ${JSON.stringify(inletUrl)}, scriptUrl: "/sdk/main.js", allowCookies: ${allowCookies} });
  window.shopSdk = vemetric;
</script>
</body></html>`;
}

/**
 * A visitor's own browser, for the cookie case. Inlet's `_vuid` cookie comes from another
 * site than the shop's page, and Chromium blocks such cookies in Playwright's contexts
 * (which are incognito-like); a profile that allows third-party cookies, as a default
 * browser profile does, keeps it.
 */
async function visitorBrowser(): Promise<BrowserContext & { dispose(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "inlet-visitor-"));
  mkdirSync(join(profile, "Default"));
  writeFileSync(
    join(profile, "Default", "Preferences"),
    JSON.stringify({ profile: { cookie_controls_mode: 0 } }),
  );
  const context = await chromium.launchPersistentContext(
    profile,
    chromiumLaunchOptions(["--disable-blink-features=AutomationControlled"]),
  );
  return Object.assign(context, {
    dispose: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
}

function startSite(token: string, inletUrl: string, allowCookies = false): Promise<Server> {
  const files: Record<string, string> = {
    "/sdk/index.mjs": readFileSync(join(sdkDist, "index.mjs"), "utf8"),
    "/sdk/main.js": readFileSync(join(sdkDist, "main.js"), "utf8"),
  };
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const script = files[path];
    if (script !== undefined) {
      response.writeHead(200, { "content-type": "text/javascript" }).end(script);
    } else if (path === "/") {
      response
        .writeHead(200, { "content-type": "text/html" })
        .end(sitePage(token, inletUrl, allowCookies));
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, SITE_HOST, () => resolve(server)));
}

test.describe("the published web SDK against Inlet", () => {
  let site: Server | undefined;
  test.afterEach(
    () => new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve())),
  );

  test("pageview, custom event and identified user appear in Live", async ({
    signedIn: page,
    context,
    baseURL,
  }) => {
    const project = await createProject(page, "Web SDK site");
    await openLive(page, project.id);

    site = await startSite(project.token, baseURL ?? "");
    const siteUrl = `http://${SITE_HOST}:${(site.address() as AddressInfo).port}/`;
    const shop = await context.newPage();
    const inletAnswers: number[] = [];
    shop.on("response", (response) => {
      if (response.url().startsWith(baseURL ?? "")) inletAnswers.push(response.status());
    });
    await shop.goto(siteUrl);
    expect(await shop.evaluate(() => (globalThis as unknown as InPage).navigator.webdriver)).toBe(
      false,
    );

    await expect(liveRows(page).filter({ hasText: "$pageview" })).toBeVisible();
    await shop.evaluate(() =>
      (globalThis as unknown as InPage).shopSdk.trackEvent("add_to_cart", {
        eventData: { sku: "A-1" },
      }),
    );
    await expect(liveRows(page).filter({ hasText: "add_to_cart" })).toBeVisible();

    await shop.evaluate(() =>
      (globalThis as unknown as InPage).shopSdk.identify({
        identifier: "sdk_user",
        displayName: "SDK User",
      }),
    );
    // Events after identify carry the identifier.
    await shop.evaluate(() => (globalThis as unknown as InPage).shopSdk.trackEvent("checkout"));
    await expect(liveRows(page).filter({ hasText: "checkout" })).toContainText("sdk_user");
    // Every call went through CORS (preflight and request) without a refusal.
    expect(inletAnswers.every((status) => status < 300)).toBe(true);

    await page.getByRole("link", { name: "Users", exact: true }).click();
    await expect(page.getByRole("link", { name: /sdk_user/ })).toContainText("SDK User");
  });

  test("the identify call itself appears in Live", async ({ signedIn: page, context, baseURL }) => {
    const project = await createProject(page, "Web SDK identify");
    await openLive(page, project.id);
    site = await startSite(project.token, baseURL ?? "");
    const shop = await context.newPage();
    await shop.goto(`http://${SITE_HOST}:${(site.address() as AddressInfo).port}/`);
    await expect(liveRows(page).filter({ hasText: "$pageview" })).toBeVisible();

    await shop.evaluate(() =>
      (globalThis as unknown as InPage).shopSdk.identify({
        identifier: "sdk_identified",
        displayName: "Ida",
      }),
    );
    await expect(liveRows(page).filter({ hasText: "$identify" })).toContainText("sdk_identified");
    // The pageview sent before identify is now that user's, in Live as in Events.
    await expect(liveRows(page).filter({ hasText: "$pageview" })).toContainText("sdk_identified");
  });

  test("a cookie visitor's pageviews after identify stay with that user, in Live and Events", async ({
    signedIn: page,
    baseURL,
  }) => {
    const project = await createProject(page, "Web SDK cookies");
    await openLive(page, project.id);
    site = await startSite(project.token, baseURL ?? "", true);
    const siteUrl = `http://${SITE_HOST}:${(site.address() as AddressInfo).port}/`;
    const pageviews = liveRows(page).filter({ hasText: "$pageview" });

    const visitor = await visitorBrowser();
    try {
      const first = await visitor.newPage();
      await first.goto(siteUrl);
      await expect(pageviews).toHaveCount(1);
      await expect(pageviews).toContainText("anonymous");
      await first.evaluate(() =>
        (globalThis as unknown as InPage).shopSdk.identify({ identifier: "cookie_user" }),
      );
      // /i adopted the pageview sent before it; the row follows.
      await expect(liveRows(page).filter({ hasText: "$identify" })).toContainText("cookie_user");
      await expect(pageviews).toContainText("cookie_user");

      // A new tab starts with empty session storage, so the SDK sends no identifier: only the
      // visitor's cookie says who this is.
      const second = await visitor.newPage();
      await second.goto(`${siteUrl}?tab=2`);
      await expect(pageviews).toHaveCount(2);
      for (const row of await pageviews.all()) await expect(row).toContainText("cookie_user");

      await page.getByRole("link", { name: "Events", exact: true }).click();
      const stored = page.getByRole("row").filter({ hasText: "$pageview" });
      await expect(stored).toHaveCount(2);
      for (const row of await stored.all()) await expect(row).toContainText("cookie_user");
    } finally {
      await visitor.dispose();
    }
  });
});
