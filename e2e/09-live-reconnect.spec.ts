// Live tells the viewer when its connection drops and when it is back, and resumes the
// stream: an event sent after the restart still arrives. Uses its own server to restart it.
import { expect, testOnOwnServer as test } from "./support/fixtures.ts";

test("a dropped live connection is announced, then resumes", async ({
  signedIn: page,
  ownServer: server,
  request,
}) => {
  test.setTimeout(120_000);
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

  const sent = await request.post("/e", {
    data: { projectToken: token, name: "after_restart" },
  });
  expect(sent.status()).toBe(200);
  await expect(
    page.getByRole("list", { name: "Live events, newest first" }).getByRole("listitem"),
  ).toContainText("after_restart");
});
