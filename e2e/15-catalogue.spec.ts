// The event catalogue: Live marks an event name and a property key the first time the project sees them, and the Catalogue tab lists names with counts, keys and value kinds (and passes the accessibility checks).
import {
  expectNoAxeViolations,
  expectVisibleFocusOnEveryElement,
} from "./support/accessibility.ts";
import { expect, test } from "./support/fixtures.ts";
import { createProject, liveRows, openLive, track } from "./support/project.ts";

test("Live marks what is new, and the catalogue lists it with its value kinds", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "Shop catalogue");
  await openLive(page, project.id);
  const send = (customData: Record<string, unknown>) =>
    track(request, { projectToken: project.token, name: "checkout", customData });

  expect((await send({ plan: "pro", total: 42 })).status()).toBe(200);
  const first = liveRows(page).filter({ hasText: "checkout" });
  await expect(first).toHaveCount(1);
  await expect(first.getByText("new event")).toBeVisible();
  await expect(first.getByText("new keys: plan, total")).toBeVisible();
  await expectNoAxeViolations(page, "Live with new marks");

  // Seen before: no mark; a key not seen before on this event: marked alone.
  expect((await send({ plan: "team", total: "42", gift: true })).status()).toBe(200);
  await expect(liveRows(page)).toHaveCount(2);
  const second = liveRows(page).first();
  await expect(second.getByText("new event")).toHaveCount(0);
  await expect(second.getByText("new key: gift")).toBeVisible();

  expect((await send({ plan: "free" })).status()).toBe(200);
  await expect(liveRows(page)).toHaveCount(3);
  await expect(liveRows(page).first().locator(".badge-new")).toHaveCount(0);

  await page.getByRole("link", { name: "Catalogue", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Catalogue", exact: true })).toBeVisible();
  await expect(page.getByText("deleting events later does not lower them")).toBeVisible();
  const checkout = page.getByRole("list", { name: "Event names" }).getByRole("listitem");
  await expect(checkout).toHaveCount(1);
  await expect(checkout.locator("summary")).toContainText("checkout");
  await expect(checkout.locator("summary")).toContainText("3 events");
  await expect(checkout.locator("summary")).toContainText("3 keys");

  await checkout.locator("summary").click();
  const keys = page.getByRole("table", { name: "Property keys of checkout" });
  const row = (key: string) => keys.getByRole("row").filter({ hasText: key });
  await expect(row("plan")).toContainText("text 3");
  await expect(row("total")).toContainText("text 1 · number 1");
  await expect(row("gift")).toContainText("boolean 1");

  // The page meets the accessibility checks every other page does.
  await expectNoAxeViolations(page, "the catalogue");
  // Afresh, so Tab starts from the top of the page rather than from the name just opened.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Catalogue", exact: true })).toBeVisible();
  // The header, the tabs and the name's summary at least.
  expect(await expectVisibleFocusOnEveryElement(page, "Catalogue")).toBeGreaterThan(8);
});
