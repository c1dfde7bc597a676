// Every curl snippet on Get started, each sent on its own to a fresh project exactly as shown, is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curlSnippets } from "@inlet/contracts";
import { createTestProject } from "../../../test-support/fixtures.ts";
import { startTestInlet, type TestInlet } from "../../../test-support/test-inlet.ts";

/** The request a curl snippet makes: its URL, -H headers and -d body, read from the text. */
function parseCurl(code: string): { url: string; headers: Record<string, string>; body: string } {
  const url = /curl -X POST '([^']+)'/.exec(code)?.[1];
  const headers: Record<string, string> = {};
  for (const match of code.matchAll(/-H '([^:]+): ([^']*)'/g))
    headers[match[1] ?? ""] = match[2] ?? "";
  const body = /-d '([\s\S]*)'$/.exec(code)?.[1];
  if (!url || body === undefined) throw new Error(`not a curl snippet:\n${code}`);
  return { url, headers, body };
}

describe("Get started's curl snippets", () => {
  let inlet: TestInlet;
  beforeAll(async () => {
    inlet = await startTestInlet();
  });
  afterAll(async () => {
    await inlet.close();
  });

  it("each works when pasted alone into a new project", async () => {
    for (const snippet of curlSnippets("HOST", "TOKEN")) {
      // A new project per snippet: no earlier request may be what makes one work.
      const project = await createTestProject(inlet.database);
      const code = curlSnippets(inlet.url, project.token).find((s) => s.title === snippet.title);
      const request = parseCurl(code?.code ?? "");
      const response = await fetch(request.url, {
        method: "POST",
        headers: request.headers,
        body: request.body,
      });
      expect(response.status, `${snippet.title}: ${response.headers.get("x-inlet-reason")}`).toBe(
        200,
      );
    }
  });
});
