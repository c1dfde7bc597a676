// The built dashboard loads from the running server in a real Chromium and reaches the API.
import { expect, test } from "@playwright/test";

test("the dashboard loads and reports the server ready", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Inlet" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Server ready (pglite)");
});

test("a deep link is answered by the dashboard, not a 404", async ({ page }) => {
  const response = await page.goto("/projects/anything");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Inlet" })).toBeVisible();
});
