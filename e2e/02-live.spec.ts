// Live: pause keeps receiving, counts what arrived and shows all of it on resume; filters by
// name, user and kind narrow both what is shown and what the server sends.
import { expect, test } from "./support/fixtures.ts";
import { createProject, liveRows, openLive, track } from "./support/project.ts";

test("events sent while paused are counted, then all shown on resume", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "Pause test");
  await openLive(page, project.id);

  expect(
    (await track(request, { projectToken: project.token, name: "before_pause" })).status(),
  ).toBe(200);
  await expect(liveRows(page).filter({ hasText: "before_pause" })).toBeVisible();

  await page.getByRole("button", { name: "Pause", exact: true }).click();
  for (const name of ["paused_1", "paused_2", "paused_3"]) {
    expect((await track(request, { projectToken: project.token, name })).status()).toBe(200);
  }
  await expect(page.getByTestId("paused-count")).toHaveText("3");
  await expect(page.getByText("3 new events while paused")).toBeVisible();
  await expect(liveRows(page)).toHaveCount(1);

  await page.getByRole("button", { name: "Resume", exact: true }).first().click();
  await expect(page.getByTestId("paused-count")).toBeHidden();
  // Newest first, nothing lost and nothing repeated.
  await expect(liveRows(page)).toHaveCount(4);
  await expect(liveRows(page).locator(".live-name")).toHaveText([
    "paused_3",
    "paused_2",
    "paused_1",
    "before_pause",
  ]);

  // Live again: a new event shows at once.
  expect(
    (await track(request, { projectToken: project.token, name: "after_resume" })).status(),
  ).toBe(200);
  await expect(liveRows(page).first()).toContainText("after_resume");
});

test("filters by name, user and kind apply to shown and new items", async ({
  signedIn: page,
  request,
}) => {
  const project = await createProject(page, "Filter test");
  await openLive(page, project.id);
  const send = (body: Record<string, unknown>) =>
    track(request, { projectToken: project.token, ...body });

  expect((await send({ name: "alpha", identifier: "u1" })).status()).toBe(200);
  expect((await send({ name: "beta", identifier: "u2" })).status()).toBe(200);
  expect((await send({ identifier: "u1" })).status()).toBe(400);
  await expect(liveRows(page)).toHaveCount(3);
  const refused = liveRows(page).filter({ hasText: "refused" });
  await expect(refused).toContainText("400");

  await page.getByRole("checkbox", { name: "Accepted" }).uncheck();
  await page.getByRole("checkbox", { name: "Dropped" }).uncheck();
  await page.getByRole("checkbox", { name: "Batches" }).uncheck();
  await expect(liveRows(page)).toHaveCount(1);
  await expect(liveRows(page)).toContainText("refused");
  // The last kind left cannot be unchecked: an empty choice would show nothing forever.
  await expect(page.getByRole("checkbox", { name: "Refused" })).toBeDisabled();
  await page.getByRole("checkbox", { name: "Accepted" }).check();
  await page.getByRole("checkbox", { name: "Dropped" }).check();
  await page.getByRole("checkbox", { name: "Batches" }).check();
  // Rows hidden by a filter come back when it is loosened.
  await expect(liveRows(page)).toHaveCount(3);

  await page.getByLabel("Event name").fill("alpha");
  await expect(liveRows(page)).toHaveCount(1);
  // The stream restarts with the filter applied on the server; wait until it is live.
  await expect(page.getByTestId("live-connection")).toHaveAttribute("data-state", "live");
  expect((await send({ name: "beta", identifier: "u1" })).status()).toBe(200);
  expect((await send({ name: "alpha", identifier: "u2" })).status()).toBe(200);
  await expect(liveRows(page)).toHaveCount(2);
  await expect(liveRows(page).locator(".live-user")).toHaveText(["u2", "u1"]);

  await page.getByLabel("User identifier").fill("u2");
  await expect(liveRows(page)).toHaveCount(1);
  await expect(liveRows(page)).toContainText("alpha");
  await page.getByLabel("Event name").fill("");
  await page.getByLabel("User identifier").fill("");
  // beta from u1 arrived while only alpha was asked for; the server backfills it now.
  await expect(liveRows(page)).toHaveCount(5);
  // Sorted into place by when it happened, not when it was backfilled.
  await expect(liveRows(page).locator(".live-user")).toHaveText(["u2", "u1", "u1", "u2", "u1"]);
});

test("a flood of events keeps the list bounded and the page responsive", async ({
  signedIn: page,
  request,
}) => {
  test.setTimeout(90_000);
  const project = await createProject(page, "Flood test");
  await openLive(page, project.id);

  const total = 1_500;
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const response = await track(request, {
        projectToken: project.token,
        name: `flood_${index}`,
      });
      expect(response.status()).toBe(200);
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));

  await expect(page.getByText("Showing the 1,000 most recent")).toBeVisible();
  await expect(liveRows(page)).toHaveCount(1_000);
  await expect(liveRows(page).first()).toContainText(/flood_\d+/);
  // Still answering input with a full list: pausing takes hold and resuming shows what came
  // meanwhile. (Conditions, not a stopwatch: a busy machine is slow, not broken.)
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(page.getByRole("button", { name: "Resume", exact: true }).first()).toBeVisible();
  expect((await track(request, { projectToken: project.token, name: "late" })).status()).toBe(200);
  await expect(page.getByTestId("paused-count")).toBeVisible();
  await expect(liveRows(page).filter({ hasText: "late" })).toHaveCount(0);
  await page.getByRole("button", { name: "Resume", exact: true }).first().click();
  await expect(liveRows(page).first()).toContainText("late");
  await expect(liveRows(page)).toHaveCount(1_000);
});
