// Screenshots of every signed-in page at desktop (1280×800) and phone (390×844) width, with
// realistic data, saved under test-results/screenshots/; each also checks that nothing
// makes the page scroll sideways on the phone.
import { expect, test } from "./support/fixtures.ts";
import { ADMIN } from "./support/admin.ts";
import { createProject, liveRows, openLive, track } from "./support/project.ts";
import { screenshotBoth } from "./support/screenshots.ts";

test("every page at desktop and phone width", async ({ signedIn: page, request }) => {
  test.setTimeout(90_000);
  const project = await createProject(page, "Acme storefront");
  await screenshotBoth(page, "onboarding");

  await openLive(page, project.id);
  const users = ["ada@example.com", "grace@example.com", "linus@example.com"];
  for (const [index, name] of [
    "$pageview",
    "signup",
    "purchase",
    "$pageview",
    "search",
  ].entries()) {
    const identifier = users[index % users.length];
    const response = await track(request, {
      projectToken: project.token,
      name,
      url: `https://acme.example.com/${name === "$pageview" ? "products/blue-mug" : name}`,
      identifier,
      displayName: identifier?.split("@")[0],
      customData: { plan: "pro", amount: 19.5 + index },
      userData: { set: { plan: "pro", country: "NL" } },
    });
    expect(response.status()).toBe(200);
  }
  // A refusal (missing name) and a dropped bot request, as Live shows them.
  await track(request, { projectToken: project.token, url: "https://acme.example.com/" });
  await request.post("/e", {
    headers: {
      "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    },
    data: { projectToken: project.token, name: "$pageview", url: "https://acme.example.com/" },
  });
  await expect(liveRows(page)).toHaveCount(7);
  await screenshotBoth(page, "live");

  await liveRows(page).filter({ hasText: "purchase" }).getByRole("button").click();
  await expect(page.getByRole("dialog").getByLabel("Stored event as JSON")).toBeVisible();
  await screenshotBoth(page, "live-event-json");
  await page.keyboard.press("Escape");

  await page.getByRole("link", { name: "Events", exact: true }).click();
  await expect(page.getByRole("row").filter({ hasText: "purchase" })).toBeVisible();
  await screenshotBoth(page, "events");

  await page.getByRole("link", { name: "Users", exact: true }).click();
  await expect(page.getByRole("link", { name: /ada@example.com/ })).toBeVisible();
  await screenshotBoth(page, "users");
  await page.getByRole("link", { name: /ada@example.com/ }).click();
  await expect(page.getByRole("heading", { name: "ada@example.com" })).toBeVisible();
  await screenshotBoth(page, "user-detail");

  await page.getByRole("link", { name: "Tokens", exact: true }).click();
  await page.getByLabel("New token label").fill("iOS app");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("heading", { name: "iOS app" })).toBeVisible();
  await screenshotBoth(page, "tokens");

  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await page.getByLabel("Allowed origins").fill("https://acme.example.com\nnot an origin");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Line 2 .*An origin looks like/)).toBeVisible();
  await screenshotBoth(page, "settings");

  await page.getByRole("link", { name: "Projects", exact: true }).click();
  await expect(page.getByRole("link", { name: /Acme storefront/ })).toBeVisible();
  await screenshotBoth(page, "projects");

  await page.getByRole("link", { name: "Team", exact: true }).click();
  await page.getByLabel("Email").fill("grace@example.com");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  await expect(page.getByLabel("One-time link")).toBeVisible();
  await screenshotBoth(page, "team");

  await page.getByRole("link", { name: "Audit log", exact: true }).click();
  await expect(page.getByRole("table", { name: "Audit entries" })).toContainText(
    "invitation.create",
  );
  await screenshotBoth(page, "audit");

  await page.getByRole("link", { name: ADMIN.email }).click();
  await expect(page.getByRole("table", { name: "Your sessions" })).toContainText("this browser");
  await screenshotBoth(page, "account");
});
