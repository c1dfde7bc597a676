// What a developer sees on Live, Events and Tokens after first contact: filters kept in the
// address (reload, Back), Live's filters folded on a phone, an event's properties in its row and
// dialog, a refused SDK pageview found by the $pageview filter, and rotated tokens told apart.
import { expect, test } from "./support/fixtures.ts";
import { createProject, liveRows, openLive, track } from "./support/project.ts";
import { PHONE } from "./support/screenshots.ts";

test("Live and Events keep their filters in the address across a reload and Back", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "Filters kept");
  for (const name of ["signup", "purchase"]) {
    await track(request, { projectToken: project.token, name, identifier: "ada" });
  }
  await openLive(page, project.id);
  await expect(liveRows(page)).toHaveCount(2);
  await page.getByLabel("Event name").fill("signup");
  await page.getByRole("checkbox", { name: "Dropped" }).uncheck();
  await expect(page).toHaveURL(/\/live\?name=signup&kind=accepted%2Crefused%2Cbatch$/);
  await expect(liveRows(page)).toHaveCount(1);

  await page.reload();
  await expect(page.getByLabel("Event name")).toHaveValue("signup");
  await expect(page.getByRole("checkbox", { name: "Dropped" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Accepted" })).toBeChecked();
  await expect(liveRows(page)).toHaveCount(1);
  await expect(liveRows(page).first()).toContainText("signup");

  await page.getByRole("link", { name: "Events", exact: true }).click();
  await expect(page.getByLabel("Event name")).toHaveValue("");
  await page.getByLabel("Event name").fill("purchase");
  await page.getByLabel("User identifier").fill("ada");
  await expect(page).toHaveURL(/\/events\?name=purchase&user=ada$/);
  await page.reload();
  await expect(page.getByLabel("Event name")).toHaveValue("purchase");
  await expect(page.getByLabel("User identifier")).toHaveValue("ada");
  await expect(page.getByRole("row").filter({ hasText: "purchase" })).toHaveCount(1);
  await expect(page.getByRole("row").filter({ hasText: "signup" })).toHaveCount(0);

  // Typing replaced the entry instead of adding one per keystroke: one Back is Live again,
  // with its filters.
  await page.goBack();
  await expect(page).toHaveURL(/\/live\?name=signup&kind=accepted%2Crefused%2Cbatch$/);
  await expect(page.getByLabel("Event name")).toHaveValue("signup");
  await expect(liveRows(page)).toHaveCount(1);
  await page.goForward();
  await expect(page.getByLabel("Event name")).toHaveValue("purchase");
});

test("on a phone Live shows events on the first screen, with the filters one tap away", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "Phone live");
  await page.setViewportSize(PHONE);
  await track(request, { projectToken: project.token, name: "signup", identifier: "ada" });
  await openLive(page, project.id);
  await expect(liveRows(page)).toHaveCount(1);
  const row = await liveRows(page).first().boundingBox();
  expect(row && row.y + row.height).toBeLessThanOrEqual(PHONE.height);
  await expect(page.getByLabel("Event name")).toBeHidden();

  const toggle = page.getByRole("button", { name: "Filters" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await page.getByLabel("Event name").fill("purchase");
  await expect(liveRows(page)).toHaveCount(0);
  await page.getByRole("button", { name: /Hide filters/ }).click();
  await expect(page.getByLabel("Event name")).toBeHidden();
  // Folded, the button still says that a filter hides events.
  await expect(page.getByRole("button", { name: "Filters (1 on)" })).toBeVisible();
});

test("Live shows an event's properties, and finds a refused SDK pageview under $pageview", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "Properties shown");
  await openLive(page, project.id);
  await track(request, {
    projectToken: project.token,
    name: "purchase",
    identifier: "ada",
    customData: { plan: "pro", seats: "3" },
  });
  // The browser SDK's spelling, refused because it lacks the page address.
  await track(request, { projectToken: project.token, name: "$$pageView" });
  await expect(liveRows(page)).toHaveCount(2);
  const purchase = liveRows(page).filter({ hasText: "purchase" });
  await expect(purchase).toContainText("plan: pro · seats: 3");

  await purchase.getByRole("button").click();
  const dialog = page.getByRole("dialog", { name: "Event: purchase" });
  const properties = dialog.getByRole("definition");
  await expect(properties).toHaveText(["pro", "3"]);
  await expect(dialog.getByRole("term")).toHaveText(["plan", "seats"]);
  await page.keyboard.press("Escape");

  const refused = liveRows(page).filter({ hasText: "refused" });
  await expect(refused).toContainText("$pageview");
  await expect(refused).not.toContainText("$$pageView");
  await page.getByLabel("Event name").fill("$pageview");
  await expect(liveRows(page)).toHaveCount(1);
  await expect(liveRows(page).first()).toContainText("requires url");
});

test("a rotated token is labelled with its rotation and listed first", async ({
  signedIn: page,
}) => {
  const project = await createProject(page, "Rotated labels");
  await page.goto(`/projects/${project.id}/tokens`);
  const cards = page.getByRole("list", { name: "Tokens" }).getByRole("listitem");
  await cards
    .filter({ hasText: project.token })
    .getByRole("button", { name: /Rotate/ })
    .click();
  await page.getByRole("button", { name: "Rotate token" }).click();
  const successor = await page.getByRole("dialog").locator("code").textContent();
  await page.getByRole("button", { name: "Done" }).click();

  await expect(cards).toHaveCount(2);
  await expect(cards.first()).toContainText(successor ?? "");
  await expect(cards.first().getByRole("heading")).toHaveText(
    /^Default \(rotated \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/,
  );
  await expect(cards.nth(1).getByRole("heading")).toHaveText("Default");
});
