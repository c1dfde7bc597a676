// The whole first visit: create the admin, sign out and in, create a project, copy its token,
// and follow an event sent with it through Live, its JSON, Events and Users. Runs on a fresh
// install of its own, so it does not depend on running first.
import { expect, testOnOwnServer as test } from "./support/fixtures.ts";
import { ADMIN, completeSetup, fillSignIn } from "./support/admin.ts";
import { liveRows, track } from "./support/project.ts";
import { screenshotBoth } from "./support/screenshots.ts";
import type { InPage } from "./support/in-page.ts";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("first-run admin to a first event seen in Live, Events and Users", async ({
  page,
  request,
  baseURL,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up Inlet" })).toBeVisible();
  await screenshotBoth(page, "setup");

  // The shared schema's rules show next to the fields before anything is sent.
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("At least 10 characters")).toHaveCount(2);
  await completeSetup(page);

  await page.getByRole("link", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "You are signed out" })).toBeVisible();
  await page.getByRole("link", { name: "Sign in again" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await screenshotBoth(page, "login");

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password");
  await fillSignIn(page);
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
  await expect(page.getByText("No projects yet")).toBeVisible();

  await page.getByRole("link", { name: "New project" }).click();
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("Name is required")).toBeVisible();
  await page.getByLabel("Project name").fill("Journey shop");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}\/onboarding$/);

  await page.getByRole("button", { name: "Copy token" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  const token = await page.evaluate(() =>
    (globalThis as unknown as InPage).navigator.clipboard.readText(),
  );
  expect(token).toMatch(/^proj_[A-Za-z0-9_-]{24,}$/);
  // The curl examples carry this server's address and the real token.
  const curl = page.getByRole("figure").filter({ hasText: "Track a custom event" });
  await expect(curl).toContainText(`curl -X POST '${baseURL}/e'`);
  await expect(curl).toContainText(`"projectToken": "${token}"`);

  // The onboarding button sends a real POST /e with the token; the page shows it arrive.
  await expect(page.getByTestId("live-connection")).toHaveAttribute("data-state", "live");
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(
    page.getByRole("list", { name: "Latest events on this page" }).getByRole("listitem"),
  ).toContainText("test_event");

  await page.getByRole("link", { name: "Live", exact: true }).click();
  await expect(page.getByTestId("live-connection")).toHaveAttribute("data-state", "live");
  const sent = await track(request, {
    projectToken: token,
    name: "journey_signup",
    identifier: "journey_user",
    displayName: "Journey User",
    customData: { plan: "pro", amount: 99.99 },
  });
  expect(sent.status()).toBe(200);

  const row = liveRows(page).filter({ hasText: "journey_signup" });
  await expect(row).toContainText("journey_user");
  await expect(row).toContainText("accepted");
  // By keyboard: the row is a button, the dialog takes focus and gives it back on Escape.
  await row.getByRole("button").focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Event: journey_signup" });
  await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
  const json = dialog.getByLabel("Stored event as JSON");
  await expect(json).toContainText('"name": "journey_signup"');
  await expect(json).toContainText('"amount": "99.99"');
  await expect(json).toContainText('"identifier": "journey_user"');
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(row.getByRole("button")).toBeFocused();

  await page.getByRole("link", { name: "Events", exact: true }).click();
  const eventRow = page.getByRole("row").filter({ hasText: "journey_signup" });
  await expect(eventRow).toContainText("journey_user");

  await page.getByRole("link", { name: "Users", exact: true }).click();
  await page.getByRole("link", { name: /journey_user/ }).click();
  await expect(page.getByRole("heading", { name: "journey_user" })).toBeVisible();
  await expect(page.getByText("Journey User")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "journey_signup" })).toBeVisible();
});
