// Revoking a token in the Tokens tab (after confirming) makes the next POST /e with it a 401,
// and Live shows that refusal with its status and reason.
import { expect, test } from "./support/fixtures.ts";
import { createProject, liveRows, openLive, track } from "./support/project.ts";

test("a revoked token is refused and the refusal shows in Live", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "Revoke test");
  expect(
    (await track(request, { projectToken: project.token, name: "while_valid" })).status(),
  ).toBe(200);

  await page.goto(`/projects/${project.id}/tokens`);
  const card = page.getByRole("listitem").filter({ hasText: project.token });
  await expect(card).toContainText("Active");
  await card.getByRole("button", { name: /Revoke/ }).click();

  const dialog = page.getByRole("dialog", { name: "Revoke this token?" });
  await expect(dialog).toBeVisible();
  // Focus starts on the safe choice, and Escape backs out without revoking.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(card).toContainText("Active");

  await card.getByRole("button", { name: /Revoke/ }).click();
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toContainText("Revoked");

  await openLive(page, project.id);
  // Revocation reaches every process within a second; allow for that.
  await expect
    .poll(
      async () =>
        (await track(request, { projectToken: project.token, name: "after_revoke" })).status(),
      {
        timeout: 3_000,
      },
    )
    .toBe(401);

  const refused = liveRows(page).filter({ hasText: "after_revoke" }).filter({ hasText: "refused" });
  await expect(refused.first()).toBeVisible();
  await expect(refused.first()).toContainText("401");
  await expect(refused.first()).toContainText(/revoked/i);

  await refused.first().getByRole("button").click();
  const detail = page.getByRole("dialog", { name: "Refused with 401" });
  await expect(detail).toContainText(/Reason:.*revoked/i);
  await expect(detail.getByLabel("Request details as JSON")).toContainText(
    `"token": "${project.token}"`,
  );
});
