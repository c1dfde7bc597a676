// Live tells the viewer when its connection drops and when it is back, and resumes the
// stream: an event sent after the restart still arrives. Uses its own server to restart it.
import { expect, test } from "@playwright/test";
import { ADMIN } from "./support/admin.ts";
import { OwnServer } from "./support/own-server.ts";

const server = new OwnServer(Number(process.env.E2E_OWN_PORT ?? 4329));

test.afterAll(() => server.dispose());

test("a dropped live connection is announced, then resumes", async ({ page, request }) => {
  test.setTimeout(120_000);
  await server.start();
  await page.goto(`${server.url}/setup`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await page.getByRole("link", { name: "New project" }).click();
  await page.getByLabel("Project name").fill("Reconnect test");
  await page.getByRole("button", { name: "Create project" }).click();
  const token = await page.getByTestId("project-token").textContent();
  await page.getByRole("link", { name: "Live", exact: true }).click();
  const connection = page.getByTestId("live-connection");
  await expect(connection).toHaveAttribute("data-state", "live");

  await server.stop();
  await expect(connection).not.toHaveAttribute("data-state", "live", { timeout: 30_000 });
  await expect(page.getByText("Connection to the live stream was lost")).toBeVisible();

  await server.start();
  await expect(connection).toHaveAttribute("data-state", "live", { timeout: 30_000 });
  await expect(page.getByText("Reconnected. The stream resumed")).toBeVisible();

  const sent = await request.post(`${server.url}/e`, {
    data: { projectToken: token, name: "after_restart" },
  });
  expect(sent.status()).toBe(200);
  await expect(
    page.getByRole("list", { name: "Live events, newest first" }).getByRole("listitem"),
  ).toContainText("after_restart");
});
