// A backend's POST /batch on Live: one summary row (accepted, refused, duplicates) whose dialog lists the refused items by
// index and reason, its accepted items as rows of their own; and a dry run shown marked "dry run", stored nowhere.
import { expectNoAxeViolations } from "./support/accessibility.ts";
import { expect, test } from "./support/fixtures.ts";
import { createProject, liveRows, openLive } from "./support/project.ts";

const BACKEND = { "Content-Type": "application/json", "User-Agent": "billing-worker/2.3" };

test("Live shows a batch with bad items as a summary row, its refused items and its accepted rows", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "Batch on Live");
  await openLive(page, project.id);

  const response = await request.post("/batch", {
    headers: BACKEND,
    data: {
      projectToken: project.token,
      batch: [
        { type: "event", name: "invoice_paid", identifier: "acme", id: "inv-1" },
        { type: "event", customData: { amount: 40 } },
        { type: "event", name: "invoice_sent", identifier: "acme", id: "inv-2" },
        { type: "event", name: "invoice_sent", identifier: "acme", id: "inv-2" },
        { type: "refund", name: "invoice_refunded" },
      ],
    },
  });
  expect(response.status()).toBe(200);
  const verdicts = (await response.json()) as { accepted: number; duplicate: number[] };
  expect(verdicts).toMatchObject({ accepted: 3, duplicate: [3] });

  const summary = liveRows(page).filter({ hasText: "batch of 5" });
  await expect(summary).toHaveCount(1);
  await expect(summary).toContainText("3 accepted, 2 refused, 1 duplicates");
  for (const name of ["invoice_paid", "invoice_sent"]) {
    const rows = liveRows(page).filter({ hasText: name });
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText("acme");
  }
  // Summary and two stored events: the duplicate and the refused items have no row.
  await expect(liveRows(page)).toHaveCount(3);

  await summary.getByRole("button").click();
  const dialog = page.getByRole("dialog", { name: "Batch of 5 items" });
  await expect(dialog).toBeVisible();
  const refused = dialog.getByRole("table", { name: "Refused items" }).getByRole("row");
  await expect(refused).toHaveCount(3); // the header and two items
  await expect(refused.nth(1)).toContainText(/1\s*400\s*name is required/);
  await expect(refused.nth(2)).toContainText(/4\s*400\s*type must be/);
});

test("a dry run shows on Live marked 'dry run', with what it would store, and Events stays empty", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "Dry run on Live");
  await openLive(page, project.id);

  const response = await request.post("/e?dryRun=1", {
    headers: BACKEND,
    data: { projectToken: project.token, name: "checkout_tried", identifier: "ci-user" },
  });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({
    dryRun: true,
    user: { identifier: "ci-user", rule: "sent-identifier", new: true },
  });
  const batch = await request.post("/batch", {
    headers: { ...BACKEND, "X-Inlet-Dry-Run": "1" },
    data: { projectToken: project.token, batch: [{ type: "event" }] },
  });
  expect(await batch.json()).toMatchObject({ dryRun: true, accepted: 0 });

  const row = liveRows(page).filter({ hasText: "checkout_tried" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("dry run");
  await expect(row).toContainText("ci-user");
  const batchRow = liveRows(page).filter({ hasText: "batch of 1" });
  await expect(batchRow).toContainText("dry run");
  await expect(batchRow).toContainText("0 accepted, 1 refused");
  await expectNoAxeViolations(page, "Live with dry-run rows");

  await row.getByRole("button").click();
  const dialog = page.getByRole("dialog", { name: "checkout_tried (dry run)" });
  await expect(dialog).toContainText("Nothing was stored", { ignoreCase: true });
  await page.keyboard.press("Escape");

  await page.getByRole("link", { name: "Events", exact: true }).click();
  await expect(page.getByText("No events yet")).toBeVisible();
});
