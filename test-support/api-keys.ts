import { createApiKey } from "@inlet/api";
import type { Database } from "@inlet/db";

type ApiKeyGrant = Parameters<typeof createApiKey>[1]["grant"];

/** A new secret key for the project, as the dashboard or the CLI would create it. */
export async function createTestKey(
  database: Database,
  projectId: string,
  grant: ApiKeyGrant = "read",
): Promise<{ key: string; id: string; prefix: string }> {
  const created = await createApiKey(database.prisma, { projectId, grant, now: new Date() });
  return { key: created.key, id: created.id, prefix: created.prefix };
}

/** GET on the read API with the key as a bearer (or the headers given instead). */
export function apiGet(
  baseUrl: string,
  path: string,
  key: string | null,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/api/v1${path}`, {
    headers: { ...(key !== null && { authorization: `Bearer ${key}` }), ...headers },
  });
}

/** The error body every /api/v1 refusal carries. */
export async function apiErrorOf(response: Response): Promise<{ status: number; reason: string }> {
  const body = (await response.json()) as { error: { status: number; reason: string } };
  return body.error;
}

/** DELETE on the API with the key as a bearer. */
export function apiDelete(baseUrl: string, path: string, key: string): Promise<Response> {
  return fetch(`${baseUrl}/api/v1${path}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${key}` },
  });
}
