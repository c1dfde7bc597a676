// The smaller first-contact fixes as a person sees them: page titles, not-found pages, a failed
// sign-in keeping focus, a dropped test event, and Copy without the Clipboard API.
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./support/admin.ts";
import type { InPage } from "./support/in-page.ts";
import { createProject } from "./support/project.ts";

test("every page names itself in the title, and unknown addresses say so in a heading", async ({
  page,
}) => {
  await signIn(page);
  await expect(page).toHaveTitle("Projects · Inlet");
  const project = await createProject(page, "Titled");
  await expect(page).toHaveTitle("Get started · Titled · Inlet");
  await page.getByRole("link", { name: "Live", exact: true }).click();
  await expect(page).toHaveTitle("Live · Titled · Inlet");

  await page.goto("/nowhere");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await page.goto(`/projects/${project.id}/nowhere`);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  // A malformed id is a missing project, not a form error.
  await page.goto("/projects/not-an-id/live");
  await expect(
    page.getByRole("heading", { level: 1, name: "This project does not exist" }),
  ).toBeVisible();
  await expect(page.getByText("Some fields are not valid")).toHaveCount(0);
});

test("a failed sign-in leaves focus in the password field, ready to retype", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeFocused();
  await context.close();
});

test("Send test event says so when the event was dropped as a bot", async ({ browser }) => {
  const context = await browser.newContext({
    userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  });
  const page = await context.newPage();
  await signIn(page);
  await createProject(page, "Bot browser");
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByRole("alert")).toContainText("answered but not stored");
  await expect(page.getByText("it appears below as it arrives")).toHaveCount(0);
  await context.close();
});

test("Copy works where the Clipboard API is missing, as on plain HTTP", async ({ browser }) => {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await context.newPage();
  // What a page served over plain HTTP from a LAN address sees: no navigator.clipboard.
  await page.addInitScript(() => {
    const { Navigator } = globalThis as unknown as { Navigator: { prototype: object } };
    Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
  });
  await signIn(page);
  const project = await createProject(page, "Plain copy");
  await page.getByRole("button", { name: "Copy token" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  // Read the clipboard from a page that does have the API.
  const reader = await context.newPage();
  await reader.goto("/");
  const copied = await reader.evaluate(() =>
    (globalThis as unknown as InPage).navigator.clipboard.readText(),
  );
  expect(copied).toBe(project.token);
  await context.close();
});
