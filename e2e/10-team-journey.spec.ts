// The team journey: an owner invites a viewer, who joins through the one-time link, watches Live but cannot
// create a token (hidden in the UI, refused by the API); the owner makes them an admin; the audit log shows each step.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signIn } from "./support/admin.ts";
import { createProject, openLive } from "./support/project.ts";

test("owner invites a viewer, promotes them, and the audit log tells the story", async ({
  page,
  browser,
}) => {
  // Two browsers and a dozen pages: a long journey on a shared machine.
  test.setTimeout(90_000);
  const email = `viewer-${randomBytes(4).toString("hex")}@inlet.test`;
  const password = "viewer passphrase 1";

  await signIn(page);
  const project = await createProject(page, `Team journey ${randomBytes(3).toString("hex")}`);
  await page.getByRole("link", { name: "Team", exact: true }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = await page.getByLabel("One-time link").textContent();
  expect(link).toMatch(/\/invite#[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole("table", { name: "Open invitations" })).toContainText(email);

  // The viewer, in a browser of their own.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await viewer.goto(link ?? "");
  await expect(viewer.getByRole("heading", { name: "Join Inlet" })).toBeVisible();
  await expect(
    viewer.getByText(`You are invited as viewer with the email ${email}.`),
  ).toBeVisible();
  await viewer.getByLabel("Password", { exact: true }).fill(password);
  await viewer.getByLabel("Confirm password").fill(password);
  await viewer.getByRole("button", { name: "Create account" }).click();
  await expect(viewer.getByRole("heading", { name: "Projects" })).toBeVisible();
  // The secret left the address bar once used.
  expect(viewer.url()).not.toContain("#");
  await expect(viewer.getByRole("link", { name: "New project" })).toHaveCount(0);
  await expect(viewer.getByRole("link", { name: "Team", exact: true })).toHaveCount(0);

  await openLive(viewer, project.id);
  await viewer.getByRole("link", { name: "Tokens" }).click();
  await expect(viewer.getByRole("heading", { name: "Tokens" })).toBeVisible();
  await expect(viewer.getByText(project.token)).toBeVisible();
  await expect(viewer.getByRole("button", { name: /Create token/ })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  await expect(viewer.getByRole("link", { name: "Settings", exact: true })).toHaveCount(0);
  // The API refuses it even when asked directly, with the viewer's own session.
  const refused = await viewer.request.post("/trpc/token.create", {
    data: { projectId: project.id, label: "sneaky" },
  });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain("FORBIDDEN");

  // The owner promotes the viewer; the viewer's open session gains the right at once.
  await page.goto("/team");
  await page.getByLabel(`Role of ${email}`).selectOption("admin");
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("admin");
  await expect(page.getByLabel(`Role of ${email}`)).toBeEnabled();
  await viewer.reload();
  await expect(viewer.getByRole("button", { name: /Create token/ })).toBeVisible();

  await page.getByRole("link", { name: "Audit log" }).click();
  const log = page.getByRole("table", { name: "Audit entries" });
  await expect(log).toContainText(`invited ${email} as viewer`);
  await expect(log.getByRole("row").filter({ hasText: "invitation.accept" })).toContainText(email);
  await expect(log).toContainText(`changed ${email} from viewer to admin`);

  await page.getByLabel("Action").selectOption("admin.role_change");
  await expect(log.getByRole("row")).toHaveCount(2);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download NDJSON" }).click();
  const file = await (await download).path();
  const { readFileSync } = await import("node:fs");
  const lines = readFileSync(file, "utf8").trim().split("\n");
  expect(lines.map((line) => (JSON.parse(line) as { action: string }).action)).toEqual([
    "admin.role_change",
  ]);
  await viewerContext.close();
});
