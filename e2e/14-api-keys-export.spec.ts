// An admin creates a secret API key in Settings, copies it (shown once), reads events with it
// over /api/v1, downloads the Events page's filtered export as CSV and NDJSON, deletes a user
// with the key (a later event for them shows as dropped in Live), and revokes the key.
import { readFile } from "node:fs/promises";
import { expect, test } from "./support/fixtures.ts";
import { createProject, liveRows, openLive, track } from "./support/project.ts";
import type { InPage } from "./support/in-page.ts";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("create a key, read with it, export from Events, delete a user with it, revoke it", async ({
  signedIn: page,
  request,
}) => {
  // The deletion's last step waits a few seconds for writes that raced it.
  test.setTimeout(60_000);
  const project = await createProject(page, "Export shop");
  for (const name of ["signup", "purchase", "purchase"]) {
    const sent = await track(request, {
      projectToken: project.token,
      name,
      identifier: "ada",
      customData: { note: 'says "hi", twice' },
    });
    expect(sent.status()).toBe(200);
  }

  await page.goto(`/projects/${project.id}/settings`);
  const section = page.getByRole("region", { name: "API keys" });
  await expect(section.getByText("No API keys yet")).toBeVisible();
  await section.getByLabel("New key label").fill("warehouse");
  await section.getByLabel("Scope").selectOption({ label: "Read and delete users" });
  await section.getByRole("button", { name: "Create API key" }).click();
  await expect(section.getByText("it is shown only once")).toBeVisible();
  await section.getByRole("button", { name: "Copy" }).click();
  await expect(section.getByRole("button", { name: "Copied" })).toBeVisible();
  const key = await page.evaluate(() =>
    (globalThis as unknown as InPage).navigator.clipboard.readText(),
  );
  expect(key).toMatch(/^sk_[A-Za-z0-9]{32}$/);
  const row = section.getByRole("row").filter({ hasText: "warehouse" });
  await expect(row).toContainText(`${key.slice(0, 11)}…`);
  await expect(row).toContainText("Active");
  // Once dismissed, the key is gone from the page for good.
  await section.getByRole("button", { name: "I have stored it" }).click();
  await expect(page.getByText(key)).toHaveCount(0);

  const read = await request.get("/api/v1/events?name=purchase", {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(read.status()).toBe(200);
  expect(((await read.json()) as { events: unknown[] }).events).toHaveLength(2);

  await page.goto(`/projects/${project.id}/events`);
  await page.getByLabel("Event name").fill("purchase");
  const csvLink = page.getByRole("link", { name: "CSV" });
  await expect(csvLink).toHaveAttribute("href", /name=purchase/);
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), csvLink.click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^events-.*\.csv$/);
  const csv = await readFile(await csvDownload.path(), "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^id,name,occurredAt/);
  expect(lines).toHaveLength(3);
  // customData is one quoted field holding its JSON, with the JSON's own quotes doubled.
  expect(csv).toContain('""note"": ""says \\""hi\\"", twice""}"');
  expect(csv).not.toContain("signup");

  const [ndjsonDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "NDJSON" }).click(),
  ]);
  const ndjson = (await readFile(await ndjsonDownload.path(), "utf8")).trimEnd().split("\n");
  expect(ndjson.map((line) => (JSON.parse(line) as { name: string }).name)).toEqual([
    "purchase",
    "purchase",
  ]);

  const auth = { authorization: `Bearer ${key}` };
  const deleted = await request.delete("/api/v1/users/ada", { headers: auth });
  expect(deleted.status()).toBe(202);
  const { statusUrl } = (await deleted.json()) as { statusUrl: string };
  expect(deleted.headers()["location"]).toBe(statusUrl);
  await expect
    .poll(
      async () =>
        ((await (await request.get(statusUrl, { headers: auth })).json()) as { status: string })
          .status,
      { timeout: 20_000 },
    )
    .toBe("done");

  await openLive(page, project.id);
  const later = await track(request, {
    projectToken: project.token,
    name: "came_back",
    identifier: "ada",
  });
  expect(later.status()).toBe(200);
  const dropped = liveRows(page).filter({ hasText: "came_back" });
  await expect(dropped.first()).toContainText("dropped");
  await expect(dropped.first()).toContainText("user deleted");

  await page.goto(`/projects/${project.id}/settings`);
  await section.getByRole("row").filter({ hasText: "warehouse" }).getByRole("button").click();
  const dialog = page.getByRole("dialog", { name: "Revoke this API key?" });
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(dialog).toBeHidden();
  await expect(section.getByRole("row").filter({ hasText: "warehouse" })).toContainText("Revoked");
  await expect
    .poll(
      async () =>
        (
          await request.get("/api/v1/events", { headers: { authorization: `Bearer ${key}` } })
        ).status(),
      { timeout: 3_000 },
    )
    .toBe(401);
});
