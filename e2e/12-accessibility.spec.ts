// Accessibility: axe-core's WCAG 2.1 A and AA rules on every page and dialog with zero
// violations, and a visible focus indicator on every focusable element of Live, the project
// tabs and Get started.
import { randomBytes } from "node:crypto";
import {
  expectNoAxeViolations,
  expectVisibleFocusOnEveryElement,
} from "./support/accessibility.ts";
import { expect, test, testOnOwnServer } from "./support/fixtures.ts";
import { createProject, liveRows, openLive, track } from "./support/project.ts";

testOnOwnServer("first-run setup on a fresh install", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Set up Inlet" })).toBeVisible();
  await expectNoAxeViolations(page, "first-run setup");
});

test("signed-out pages", async ({ browser, signedIn }) => {
  // `signedIn` has made sure the admin exists; these pages are seen from another browser.
  await signedIn.close();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expectNoAxeViolations(page, "sign-in");
  // A failed sign-in shows its error.
  await page.getByLabel("Email").fill("nobody@inlet.test");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoAxeViolations(page, "sign-in with an error");

  await page.goto("/invite#not-a-real-link");
  await expect(page.getByText("This link cannot be used")).toBeVisible();
  await expectNoAxeViolations(page, "an unusable invitation link");
  await page.goto("/reset-password");
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoAxeViolations(page, "a reset link without its secret");
  await context.close();
});

test("every signed-in page and dialog", async ({ signedIn: page, request }) => {
  test.setTimeout(120_000);
  await expectNoAxeViolations(page, "projects");
  await page.goto("/projects/new");
  await expectNoAxeViolations(page, "new project");

  const project = await createProject(page, "Accessible shop");
  await expectNoAxeViolations(page, "get started");

  await openLive(page, project.id);
  await expectNoAxeViolations(page, "an empty Live");
  const sent = await track(request, {
    projectToken: project.token,
    name: "purchase",
    identifier: "ada@example.com",
    customData: { plan: "pro" },
  });
  expect(sent.status()).toBe(200);
  await track(request, { projectToken: project.token, url: "https://shop.example.com/" });
  await expect(liveRows(page)).toHaveCount(2);
  await expectNoAxeViolations(page, "Live with an event and a refusal");
  await liveRows(page).filter({ hasText: "purchase" }).getByRole("button").click();
  await expect(page.getByRole("dialog").getByLabel("Stored event as JSON")).toBeVisible();
  await expectNoAxeViolations(page, "a stored event's dialog");
  await page.keyboard.press("Escape");
  await liveRows(page).filter({ hasText: "refused" }).getByRole("button").click();
  await expect(page.getByRole("dialog", { name: "Refused with 400" })).toBeVisible();
  await expectNoAxeViolations(page, "a refusal's dialog");
  await page.keyboard.press("Escape");

  await page.getByRole("link", { name: "Events", exact: true }).click();
  await expect(page.getByRole("row").filter({ hasText: "purchase" })).toBeVisible();
  await expectNoAxeViolations(page, "events");
  await page.getByRole("row").filter({ hasText: "purchase" }).getByRole("button").first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoAxeViolations(page, "the events page's event dialog");
  await page.keyboard.press("Escape");

  await page.getByRole("link", { name: "Users", exact: true }).click();
  await expect(page.getByRole("link", { name: /ada@example.com/ })).toBeVisible();
  await expectNoAxeViolations(page, "users");
  await page.getByRole("link", { name: /ada@example.com/ }).click();
  await expect(page.getByRole("heading", { name: "ada@example.com" })).toBeVisible();
  await expectNoAxeViolations(page, "a user");

  await page.getByRole("link", { name: "Tokens", exact: true }).click();
  await expect(page.getByRole("listitem").filter({ hasText: project.token })).toBeVisible();
  await expectNoAxeViolations(page, "tokens");
  const card = page.getByRole("listitem").filter({ hasText: project.token });
  await card.getByRole("button", { name: /Revoke/ }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoAxeViolations(page, "the revoke dialog");
  await page.keyboard.press("Escape");
  await card.getByRole("button", { name: /Rotate/ }).click();
  await expect(page.getByRole("dialog", { name: "Rotate this token" })).toBeVisible();
  await expectNoAxeViolations(page, "the rotate dialog");
  await page.getByRole("button", { name: "Rotate token" }).click();
  await expect(page.getByRole("dialog", { name: "Token rotated" })).toBeVisible();
  await expectNoAxeViolations(page, "the rotated token's dialog");
  await page.getByRole("button", { name: "Done" }).click();

  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await page.getByLabel("Allowed origins").fill("not an origin");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Line 1 .*An origin looks like/)).toBeVisible();
  await expectNoAxeViolations(page, "settings with an error");
  await page.getByRole("button", { name: "Delete project…" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoAxeViolations(page, "the delete dialog");
  await page.keyboard.press("Escape");

  await page.goto(`/projects/${project.id}/nowhere`);
  await expectNoAxeViolations(page, "a project's not-found page");
  await page.goto("/projects/not-an-id/live");
  await expectNoAxeViolations(page, "a missing project");
  await page.goto("/nowhere");
  await expectNoAxeViolations(page, "the not-found page");

  for (const [path, heading] of [
    ["/unmatched", "Unmatched requests"],
    ["/team", "Team"],
    ["/audit", "Audit log"],
    ["/account", "Account"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectNoAxeViolations(page, path);
  }
  await page.goto("/team");
  const email = `grace-${randomBytes(4).toString("hex")}@example.com`;
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Create invitation link" }).click();
  await expect(page.getByLabel("One-time link")).toBeVisible();
  await expectNoAxeViolations(page, "team with an invitation link");

  // The invitation as its recipient sees it, then the member and the dialog that removes them.
  const link = (await page.getByLabel("One-time link").textContent()) ?? "";
  const invited = await page.context().browser()?.newContext();
  const guest = await invited?.newPage();
  if (!invited || !guest) throw new Error("no second browser context");
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "Join Inlet" })).toBeVisible();
  await expectNoAxeViolations(guest, "an invitation's sign-up form");
  await guest.getByLabel("Password", { exact: true }).fill("grace passphrase 1");
  await guest.getByLabel("Confirm password").fill("grace passphrase 1");
  await guest.getByRole("button", { name: "Create account" }).click();
  await expect(guest.getByRole("heading", { name: "Projects" })).toBeVisible();
  await invited.close();
  await page.reload();
  await page.getByRole("button", { name: `Remove ${email}` }).click();
  await expect(page.getByRole("dialog", { name: `Remove ${email}?` })).toBeVisible();
  await expectNoAxeViolations(page, "the remove-admin dialog");
  await page.keyboard.press("Escape");
});

test("every focusable element on Live, the project tabs and Get started shows where focus is", async ({
  signedIn: page,
  request,
}) => {
  test.setTimeout(120_000);
  const project = await createProject(page, "Keyboard shop");
  const onboarding = await expectVisibleFocusOnEveryElement(page, "Get started");
  expect(onboarding).toBeGreaterThan(10);

  await openLive(page, project.id);
  await track(request, { projectToken: project.token, name: "signup", identifier: "ada" });
  await track(request, { projectToken: project.token, url: "https://shop.example.com/" });
  await expect(liveRows(page)).toHaveCount(2);
  const live = await expectVisibleFocusOnEveryElement(page, "Live");
  // The header, the six tabs, the toolbar, the filters and both rows at least.
  expect(live).toBeGreaterThan(15);
});

test("both checks fail on a page with the faults they look for", async ({ page }) => {
  // An unlabelled input and a button whose focus ring is removed: neither check may pass.
  await page.setContent(`<!doctype html><html lang="en"><title>Faulty</title>
    <main><h1>Faulty</h1><input type="text"><button style="outline:none">Go</button></main>`);
  await expect(expectNoAxeViolations(page, "a faulty page")).rejects.toThrow(/label/);
  await expect(expectVisibleFocusOnEveryElement(page, "a faulty page")).rejects.toThrow(
    /Go.*no visible focus indicator at top, bottom, left, right/,
  );
});
