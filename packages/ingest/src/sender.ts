import { isBrowserAgent } from "./bot.ts";
import type { HeaderMap } from "./result.ts";
import { header } from "./result.ts";

/**
 * Who sent a request, as far as identity goes. A browser speaks for one person; a server
 * (a backend SDK, curl, a mobile app's HTTP client) speaks for every user it serves, from
 * one address and one agent, so its visitor id stands for no one in particular.
 */
export type SenderKind = "browser" | "server";

/**
 * A request is a browser's when it carries an `Origin` (browsers add it to every
 * cross-origin POST; servers rarely do) or a browser-shaped agent. Everything else is a
 * server: no agent at all (`@vemetric/node` sends none), HTTP client libraries, and
 * agents without a browser's shape.
 */
export function senderKind(headers: HeaderMap): SenderKind {
  const origin = header(headers, "origin")?.trim();
  if (origin !== undefined && origin.length > 0) return "browser";
  return isBrowserAgent(header(headers, "user-agent")) ? "browser" : "server";
}

/**
 * Why an event sent with an identifier does or does not tie its visitor id to that user,
 * the way `/i` does: it does from a browser, and for a cookie visitor (the `_vuid` cookie
 * belongs to one client); never from a server's cookieless id, which every user of that
 * server shares. The name is what a dry run reports.
 */
export type IdentifiedEventLink = "browser-links" | "cookie-visitor-links" | "server-keeps-link";

export function identifiedEventLink(
  sender: SenderKind,
  cookieVisitor: boolean,
): IdentifiedEventLink {
  if (sender === "browser") return "browser-links";
  return cookieVisitor ? "cookie-visitor-links" : "server-keeps-link";
}

/** Whether an identified event links its visitor (see identifiedEventLink). */
export const linksVisitor = (link: IdentifiedEventLink): boolean => link !== "server-keeps-link";
