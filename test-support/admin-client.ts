import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { EventSource } from "eventsource";
import { createAdmin, type AppRouter } from "@inlet/api";
import type { PrismaClient } from "@inlet/db";
import { randomBytes } from "node:crypto";

export type AdminClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/** Signs in over HTTP as a browser would and returns the session cookie (`name=value`). */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!response.ok || !cookie)
    throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return cookie;
}

/**
 * A tRPC client like the dashboard's: batched HTTP for queries and mutations, SSE for
 * subscriptions, the session cookie on both. Node has no EventSource, hence the package.
 */
export function adminClient(baseUrl: string, cookie: string): AdminClient {
  const withCookie: typeof fetch = (input, init) =>
    fetch(input, {
      ...init,
      headers: { ...Object.fromEntries(new Headers(init?.headers)), cookie },
    });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: `${baseUrl}/trpc`,
          EventSource,
          eventSourceOptions: { fetch: withCookie },
        }),
        false: httpBatchLink({ url: `${baseUrl}/trpc`, headers: { cookie } }),
      }),
    ],
  });
}

/** Creates an admin of its own in the server's database and returns a client signed in as it. */
export async function signInNewAdmin(inlet: {
  url: string;
  database: { prisma: PrismaClient };
}): Promise<AdminClient> {
  const credentials = {
    email: `admin-${randomBytes(4).toString("hex")}@example.com`,
    password: "long enough password",
  };
  await createAdmin(inlet.database.prisma, credentials);
  return adminClient(inlet.url, await signIn(inlet.url, credentials.email, credentials.password));
}
