// Events history (filters, "Load more" pagination, chart), token rotation with a grace
// period, and the settings forms: rename, allowed origins, bot filtering, retention, delete.
import { expect, test } from "./support/fixtures.ts";
import { createProject, track } from "./support/project.ts";

test("events history pages with Load more and filters by name and user", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "History test");
  for (let index = 0; index < 55; index++) {
    const response = await track(request, {
      projectToken: project.token,
      name: index % 5 === 0 ? "purchase" : "view",
      identifier: `history_user_${index % 3}`,
    });
    expect(response.status()).toBe(200);
  }

  await page.goto(`/projects/${project.id}/events`);
  await expect(page.getByRole("img", { name: /^55 events in the last hour/ })).toBeVisible();
  const rows = page
    .getByRole("table")
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });
  await expect(rows).toHaveCount(50);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows).toHaveCount(55);
  await expect(page.getByText("All 55 events shown.")).toBeVisible();

  await page.getByLabel("Event name").fill("purchase");
  await expect(rows).toHaveCount(11);
  await page.getByLabel("User identifier").fill("history_user_0");
  // Of indexes 0..54, purchases are multiples of 5, and user 0 multiples of 3: 0, 15, 30, 45.
  await expect(rows).toHaveCount(4);
  await page.getByLabel("Event name").fill("no_such_event");
  await expect(page.getByText("No events match these filters")).toBeVisible();
});

test("rotating a token issues a new one and the old one keeps a grace period", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "Rotation test");
  await page.goto(`/projects/${project.id}/tokens`);
  const oldCard = page.getByRole("listitem").filter({ hasText: project.token });
  await oldCard.getByRole("button", { name: /Rotate/ }).click();

  const dialog = page.getByRole("dialog", { name: "Rotate this token" });
  await dialog.getByLabel("Old token stops working").selectOption({ label: "After 1 hour" });
  await dialog.getByRole("button", { name: "Rotate token" }).click();
  await expect(page.getByRole("dialog", { name: "Token rotated" })).toBeVisible();
  const successor = await page.getByRole("dialog").locator("code").textContent();
  expect(successor).toMatch(/^proj_/);
  await page.getByRole("button", { name: "Done" }).click();

  await expect(oldCard).toContainText("Expiring");
  await expect(oldCard).toContainText(/stops working in 1 hour|in 60 minutes/);
  await expect(page.getByRole("listitem").filter({ hasText: successor ?? "" })).toContainText(
    "Active",
  );
  // Both work during the grace period.
  expect((await track(request, { projectToken: project.token, name: "old" })).status()).toBe(200);
  expect((await track(request, { projectToken: successor, name: "new" })).status()).toBe(200);
});

test("settings rename, validate origins and retention, and delete after typing the name", async ({
  signedIn: page,
}) => {
  const project = await createProject(page, "Settings test");
  await page.goto(`/projects/${project.id}/settings`);

  await page.getByLabel("Project name").fill("Settings renamed");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings renamed");

  const origins = page.getByLabel("Allowed origins");
  await origins.fill("https://shop.example.com/path");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Line 1 .*An origin looks like/)).toBeVisible();
  await origins.fill("https://shop.example.com\n\nhttp://localhost:3000");
  await page.getByLabel(/Filter bots/).uncheck();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("form", { name: "Ingestion" }).getByText("Saved")).toBeVisible();
  await page.reload();
  await expect(origins).toHaveValue("https://shop.example.com\nhttp://localhost:3000");
  await expect(page.getByLabel(/Filter bots/)).not.toBeChecked();

  const retention = page.getByLabel("Keep events for (days)");
  await expect(retention).toHaveValue("");
  await retention.fill("0");
  await page.getByRole("button", { name: "Save retention" }).click();
  await expect(page.getByText("At least 1 day")).toBeVisible();
  await retention.fill("30");
  await page.getByRole("button", { name: "Save retention" }).click();
  await expect(page.getByRole("form", { name: "Retention" }).getByText("Saved")).toBeVisible();
  await page.reload();
  await expect(retention).toHaveValue("30");

  await page.getByRole("button", { name: "Delete project…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete “Settings renamed”?" });
  const confirm = dialog.getByRole("button", { name: "Delete forever" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type “Settings renamed” to confirm").fill("Settings");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type “Settings renamed” to confirm").fill("Settings renamed");
  await confirm.click();
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Settings renamed/ })).toHaveCount(0);
});
