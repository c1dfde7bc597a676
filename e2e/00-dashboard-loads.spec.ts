// The built dashboard loads from the running server, reaches the API and answers deep links.
import { expect, test } from "@playwright/test";

test("the dashboard loads and asks for first-run setup or sign-in", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Set up Inlet|Sign in/);
});

test("a deep link is answered by the dashboard, not a 404", async ({ page }) => {
  const response = await page.goto("/projects/anything/live");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Set up Inlet|Sign in/);
});
