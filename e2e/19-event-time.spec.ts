// The Events page with client times: ordered by event time, the receive time shown beneath it
// when they differ, and the "Sent" filter (in a batch / one by one) kept in the address.
import { expect, test } from "./support/fixtures.ts";
import { createProject, track } from "./support/project.ts";

const HOUR = 60 * 60_000;

test("events list by event time, show when they were received, and filter by batch", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "Event time test");
  const now = Date.now();
  // Sent in this order, they happened in another.
  for (const [name, hoursAgo] of [
    ["checkout", 2],
    ["signup", 5],
  ] as const) {
    const response = await track(request, {
      projectToken: project.token,
      name,
      timestamp: new Date(now - hoursAgo * HOUR).toISOString(),
    });
    expect(response.status()).toBe(200);
  }
  const live = await track(request, { projectToken: project.token, name: "live_click" });
  expect(live.status()).toBe(200);
  const batch = await request.post("/batch", {
    headers: { "Content-Type": "application/json" },
    data: {
      projectToken: project.token,
      batch: [{ type: "event", name: "imported", timestamp: now - 3 * HOUR }],
    },
  });
  expect(batch.status()).toBe(200);

  await page.goto(`/projects/${project.id}/events`);
  const rows = page
    .getByRole("table")
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });
  const names = () => rows.locator("td[data-label='Event']");
  await expect(names()).toHaveText(["live_click", "checkout", "imported", "signup"]);
  // Received now, happened hours ago: both times are shown; an event without a timestamp
  // shows one time only.
  await expect(rows.nth(1).getByRole("cell").first()).toContainText("received");
  await expect(rows.nth(0).getByRole("cell").first()).not.toContainText("received");
  await expect(rows.nth(2)).toContainText("sent in a batch");

  await page.getByLabel("Sent", { exact: true }).selectOption({ label: "In a batch" });
  await expect(names()).toHaveText(["imported"]);
  await expect(page).toHaveURL(/[?&]sent=batch/);
  await page.reload();
  await expect(page.getByLabel("Sent", { exact: true })).toHaveValue("batch");
  await expect(names()).toHaveText(["imported"]);
  await expect(page.getByRole("link", { name: "CSV" })).toHaveAttribute("href", /batch=true/);

  await page.getByLabel("Sent", { exact: true }).selectOption({ label: "One by one" });
  await expect(names()).toHaveText(["live_click", "checkout", "signup"]);
});
