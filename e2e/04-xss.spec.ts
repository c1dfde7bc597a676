// Event text is data: markup in a name or custom data renders as text in Live, in the JSON
// dialog and in Events, and never runs.
import { expect, test } from "./support/fixtures.ts";
import { createProject, liveRows, openLive, track } from "./support/project.ts";
import type { InPage } from "./support/in-page.ts";

const PAYLOAD = "<img src=x onerror=window.__xss=1>";

test("markup in event names and custom data is shown as text and never executed", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "XSS test");
  await openLive(page, project.id);

  const sent = await track(request, {
    projectToken: project.token,
    name: PAYLOAD,
    identifier: PAYLOAD,
    customData: { note: PAYLOAD, [PAYLOAD]: "key" },
  });
  expect(sent.status()).toBe(200);

  const row = liveRows(page).filter({ hasText: PAYLOAD });
  await expect(row.locator(".live-name")).toHaveText(PAYLOAD);
  await row.getByRole("button").click();
  const json = page.getByRole("dialog").getByLabel("Stored event as JSON");
  await expect(json).toContainText(`"note": "${PAYLOAD}"`);
  await page.keyboard.press("Escape");

  await page.getByRole("link", { name: "Events", exact: true }).click();
  await expect(page.getByRole("cell", { name: PAYLOAD }).first()).toBeVisible();

  await page.getByRole("link", { name: "Users", exact: true }).click();
  await expect(page.getByRole("link", { name: new RegExp(PAYLOAD.slice(0, 8)) })).toBeVisible();

  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (globalThis as unknown as InPage).__xss)).toBeUndefined();
});
