// Deleting a user from their page (type-to-confirm), following the deletion until it is done, then a later event for them is acknowledged, shown dropped with "user deleted" in Live; Settings lists the entry and removing it there lets events in again.
import { randomBytes } from "node:crypto";
import { expect, test } from "./support/fixtures.ts";
import { createProject, liveRows, openLive, track } from "./support/project.ts";

test("a deleted user's later events are dropped and shown so in Live", async ({
  signedIn: page,
  request,
}) => {
  test.setTimeout(60_000);
  const project = await createProject(page, "Deletion test");
  const identifier = `erin-${randomBytes(4).toString("hex")}@example.com`;
  for (const name of ["signed_up", "bought"])
    expect((await track(request, { projectToken: project.token, name, identifier })).status()).toBe(
      200,
    );

  await page.goto(`/projects/${project.id}/users`);
  await page.getByRole("link", { name: identifier }).click();
  await expect(page.getByRole("heading", { name: identifier })).toBeVisible();
  await page.getByRole("button", { name: "Delete user…" }).click();

  const dialog = page.getByRole("dialog", { name: "Delete this user?" });
  const confirm = dialog.getByRole("button", { name: "Delete forever" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type “${identifier}” to confirm`).fill(`${identifier}x`);
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type “${identifier}” to confirm`).fill(identifier);
  await confirm.click();

  await expect(page.getByRole("heading", { name: `Deleting ${identifier}` })).toBeVisible();
  // Progress until the worker is done (it waits a few seconds for late writes before its end).
  await expect(page.getByRole("status")).toContainText("Deletion complete", { timeout: 20_000 });
  await expect(page.getByRole("status")).toContainText("2 events removed");

  await page.goto(`/projects/${project.id}/users`);
  await expect(page.getByRole("link", { name: identifier })).toHaveCount(0);

  await openLive(page, project.id);
  const later = await track(request, {
    projectToken: project.token,
    name: "came_back",
    identifier,
  });
  expect(later.status()).toBe(200);
  expect(later.headers()["x-inlet-dropped"]).toBe("user-deleted");
  const dropped = liveRows(page).filter({ hasText: "came_back" });
  await expect(dropped.first()).toContainText("dropped");
  await expect(dropped.first()).toContainText("user deleted");

  await page.goto(`/projects/${project.id}/settings`);
  const list = page.getByRole("table", { name: "Suppressed identifiers" });
  await expect(list.getByRole("row")).toHaveCount(2);
  await expect(list).not.toContainText(identifier);

  // An admin types the identifier to let its events in again.
  await page.getByLabel("Identifier to store again").fill(identifier);
  await page.getByRole("button", { name: "Remove from list" }).click();
  await expect(page.getByText("Removed: its events are stored again")).toBeVisible();
  await expect(page.getByText("No suppressed identifiers")).toBeVisible();
  await expect
    .poll(
      async () =>
        (
          await track(request, { projectToken: project.token, name: "welcome_back", identifier })
        ).headers()["x-inlet-dropped"] ?? "stored",
      { timeout: 3_000 },
    )
    .toBe("stored");
});
