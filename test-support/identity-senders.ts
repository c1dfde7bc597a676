import type { AdminClient } from "./admin-client.ts";
import { postJson } from "./fixtures.ts";

/** The kinds of client that send to Inlet, as docs/identity.md classifies them. */
export const SENDERS = {
  /** The web SDK with `allowCookies`: a browser that keeps the `_vuid` cookie. */
  cookieBrowser: {
    origin: "https://shop.example",
    "user-agent":
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "allow-cookies": "true",
  },
  /** The web SDK without cookies, on a computer several people share. */
  sharedBrowser: {
    origin: "https://shop.example",
    "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0",
  },
  /** A browser-shaped agent without Origin (a same-origin page, a WebView). */
  plainBrowser: {
    "user-agent":
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  },
  /** `@vemetric/node`: no User-Agent at all. */
  nodeBackend: { "v-sdk": "node", "v-sdk-version": "0.2.0" },
  /** curl from a server, as in the seed's examples. */
  curlBackend: { "user-agent": "curl/8.5.0", "allow-cookies": "false" },
} as const satisfies Record<string, Record<string, string>>;

export type SenderName = keyof typeof SENDERS;
export const SENDER_NAMES = Object.keys(SENDERS) as SenderName[];
export const BROWSER_SENDERS: ReadonlySet<SenderName> = new Set([
  "cookieBrowser",
  "sharedBrowser",
  "plainBrowser",
]);

/** Posts as the named senders of one project; the cookie browser keeps its cookie. */
export function sendersFor(baseUrl: string, token: string) {
  const cookies = new Map<SenderName, string>();
  return async (sender: SenderName, path: string, body: Record<string, unknown>) => {
    const cookie = cookies.get(sender);
    const response = await postJson(
      baseUrl,
      path,
      { projectToken: token, ...body },
      { ...SENDERS[sender], ...(cookie && { cookie }) },
    );
    const set = response.headers.get("set-cookie")?.split(";")[0];
    if (set) cookies.set(sender, set);
    return response;
  };
}

/** Every stored event of a project as the Events page lists it: id and user identifier. */
export async function eventUsers(client: AdminClient, projectId: string) {
  const users = new Map<string, string | null>();
  let cursor: string | undefined;
  do {
    const page = await client.event.list.query({ projectId, limit: 200, cursor });
    for (const event of page.events) users.set(event.id, event.user?.identifier ?? null);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return users;
}
