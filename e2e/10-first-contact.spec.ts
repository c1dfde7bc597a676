// A new user's first contact on a fresh server: admin, project, token, the Node snippet over local HTTPS,
// a site loading /sdk.js from another origin, a typo'd token in Unmatched, and Live's history on reopening.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { completeSetup } from "./support/admin.ts";
import { chromiumLaunchOptions } from "./support/browser.ts";
import type { InPage } from "./support/in-page.ts";
import { OwnServer } from "./support/own-server.ts";

const run = promisify(execFile);
let server: OwnServer;
// The browser SDK skips pages served from localhost or 127.0.0.1, as Get started says.
const SITE_HOST = "127.0.0.2";

// The SDK also skips browsers run by automation (navigator.webdriver); a visitor's is not.
test.use({
  launchOptions: chromiumLaunchOptions(["--disable-blink-features=AutomationControlled"]),
});
test.beforeAll(async () => {
  // A first start makes the database and the local CA: more than the default 30 s on a busy machine.
  test.setTimeout(90_000);
  server = await OwnServer.start();
});
test.afterAll(() => server.dispose());

function codeBlock(page: Page, title: string) {
  return page
    .locator("figure.code-block")
    .filter({ has: page.getByText(title, { exact: true }) })
    .locator("pre");
}

function startSite(html: string): Promise<Server> {
  const site = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" }).end(html);
  });
  return new Promise((resolve) => site.listen(0, SITE_HOST, () => resolve(site)));
}

test("first contact, from a fresh server to Live", async ({ page, context }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(server.url);
  await completeSetup(page);

  await page
    .getByRole("link", { name: /new project/i })
    .first()
    .click();
  await page.getByLabel("Project name").fill("First contact");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/onboarding$/);
  const projectUrl = page.url().replace(/\/onboarding$/, "");

  await page.getByRole("button", { name: "Copy token" }).click();
  const token = await page.evaluate(() =>
    (globalThis as unknown as InPage).navigator.clipboard.readText(),
  );
  expect(token).toBe(await page.getByTestId("project-token").textContent());

  // The Node snippet and its run command, exactly as shown.
  const nodeCode = await codeBlock(page, "send.mjs").textContent();
  const runCommand = await codeBlock(page, "Run it").textContent();
  expect(nodeCode).toContain(`host: "${server.url.replace("http:", "https:")}"`);
  expect(runCommand).toMatch(/^NODE_EXTRA_CA_CERTS='.+\/tls\/ca\.pem' node send\.mjs$/);
  // Saved beside the project's node_modules, where `npm install @vemetric/node` put it.
  const cache = join(process.cwd(), "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const appDir = mkdtempSync(join(cache, "first-contact-"));
  try {
    writeFileSync(join(appDir, "send.mjs"), nodeCode ?? "");
    const environment = { ...process.env };
    delete environment.NODE_EXTRA_CA_CERTS;
    const result = await run("sh", ["-c", runCommand ?? ""], { cwd: appDir, env: environment });
    expect(result.stderr).toBe("");
  } finally {
    rmSync(appDir, { recursive: true, force: true });
  }

  // Live opens with what already arrived.
  await page.goto(`${projectUrl}/live`);
  const rows = page.getByRole("list", { name: "Live events, newest first" }).getByRole("listitem");
  await expect(rows.filter({ hasText: "signup" })).toBeVisible();

  // A site on another origin, using the script tag from Get started.
  await page.goto(`${projectUrl}/onboarding`);
  const scriptTag = await codeBlock(page, "Browser: script tag").textContent();
  expect(scriptTag).toContain(`src="${server.url}/sdk.js?v=`);
  const site = await startSite(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${scriptTag}</head><body><h1>Shop</h1></body></html>`,
  );
  try {
    await page.goto(`${projectUrl}/live`);
    await expect(page.getByTestId("live-connection")).toHaveAttribute("data-state", "live");
    const shop = await context.newPage();
    await shop.goto(`http://${SITE_HOST}:${(site.address() as AddressInfo).port}/`);
    await expect(rows.filter({ hasText: "$pageview" })).toBeVisible();
    await shop.close();
  } finally {
    site.close();
  }

  // A token with one character wrong shows up in Unmatched, with a hint naming the project.
  const typo = `${token?.slice(0, -1)}${token?.endsWith("x") ? "y" : "x"}`;
  const refused = await page.request.post(`${server.url}/e`, {
    headers: { "content-type": "application/json" },
    data: { projectToken: typo, name: "typo" },
  });
  expect(refused.status()).toBe(401);
  expect(await refused.text()).toBe("unknown project token");
  await page.getByRole("link", { name: "Unmatched requests" }).click();
  await expect(page.getByRole("heading", { name: "Unmatched requests", level: 1 })).toBeVisible();
  const unmatched = page.getByRole("list", { name: "Unmatched requests, newest first" });
  await expect(unmatched.getByRole("listitem").first()).toContainText(
    "Differs by 1 character from a token of project “First contact”",
  );
  await expect(unmatched).not.toContainText(typo);

  // Reopening Live shows the history again: the Node event and the site's pageview.
  await page.goto(`${projectUrl}/live`);
  await expect(rows.filter({ hasText: "signup" })).toBeVisible();
  await expect(rows.filter({ hasText: "$pageview" })).toBeVisible();
});
