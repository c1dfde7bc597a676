// When the session ends under an open dashboard (expired, or signed out elsewhere), the next
// API call leads to sign-in with a notice, and signing in returns to the same page.
import { expect, test } from "./support/fixtures.ts";
import { fillSignIn } from "./support/admin.ts";
import { createProject } from "./support/project.ts";

test("an ended session leads to sign-in and back to where the admin was", async ({
  signedIn: page,
  context,
}) => {
  const project = await createProject(page, "Session test");
  await page.goto(`/projects/${project.id}/tokens`);
  await expect(page.getByRole("heading", { name: "Tokens" })).toBeVisible();

  await context.clearCookies();
  await page.getByRole("link", { name: "Events", exact: true }).click();

  await expect(page).toHaveURL(/\/login\?expired=1&next=/);
  await expect(page.getByText("Your session has ended")).toBeVisible();
  await fillSignIn(page);
  await expect(page).toHaveURL(new RegExp(`/projects/${project.id}/events$`));
  await expect(page.getByRole("heading", { name: "Events", level: 2 })).toBeVisible();
});
