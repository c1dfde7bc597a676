import { createProject } from "@inlet/api";
import type { Database } from "@inlet/db";
import { randomBytes } from "node:crypto";

/** A new project with its first token; tests bring their own data and share the database. */
export async function createTestProject(
  database: Database,
  name = `test ${randomBytes(4).toString("hex")}`,
) {
  const { project, token } = await createProject(database.prisma, name);
  return { projectId: project.id, token: token.token, tokenId: token.id };
}

export function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
