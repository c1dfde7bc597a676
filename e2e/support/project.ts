import { expect, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";

export interface CreatedProject {
  id: string;
  token: string;
}

/** Creates a project through the dashboard and returns its id and first token. */
export async function createProject(page: Page, name: string): Promise<CreatedProject> {
  await page.goto("/projects/new");
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}\/onboarding$/);
  const token = await page.getByTestId("project-token").textContent();
  const id = /projects\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  if (!token || !id) throw new Error("the onboarding page shows no token");
  return { id, token };
}

/** Opens Live and waits until the stream is connected, so nothing sent after is missed. */
export async function openLive(page: Page, projectId: string): Promise<void> {
  await page.goto(`/projects/${projectId}/live`);
  await expect(page.getByTestId("live-connection")).toHaveAttribute("data-state", "live");
}

export function liveRows(page: Page) {
  return page.getByRole("list", { name: "Live events, newest first" }).getByRole("listitem");
}

/** POST /e as an app's backend would: JSON body, the token in `projectToken`. */
export function track(
  request: APIRequestContext,
  body: Record<string, unknown>,
): Promise<APIResponse> {
  return request.post("/e", {
    headers: { "Content-Type": "application/json", "Allow-Cookies": "false" },
    data: body,
  });
}
