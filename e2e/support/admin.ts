import { expect, type Page } from "@playwright/test";

/** The one admin every spec signs in as; the first spec to run creates it on first visit. */
export const ADMIN = { email: "admin@inlet.test", password: "correct horse battery" };

export async function completeSetup(page: Page): Promise<void> {
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
}

export async function fillSignIn(page: Page): Promise<void> {
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Signs in, or performs first-run setup when this spec happens to run on a fresh server
 * on its own, so every file also works alone.
 */
export async function signIn(page: Page): Promise<void> {
  await page.goto("/login");
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(/Sign in|Set up Inlet|Projects/);
  const text = await heading.textContent();
  if (text === "Set up Inlet") await completeSetup(page);
  else if (text === "Sign in") await fillSignIn(page);
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
}
