/**
 * Which user an item belongs to, and why (docs/identity.md, "Which user an event is
 * stored under"). Generic over how a user is named: the writers pass user ids, a dry run
 * passes identifiers. The rule's name is what a dry run reports.
 */

/** An event's user: the one it was sent for, else its visitor's at that moment, else none. */
export type EventUserRule = "sent-identifier" | "visitor-link" | "anonymous";

export interface Owner<User> {
  user: User | null;
  rule: EventUserRule;
}

/**
 * `linked` is the user the event's visitor is linked to when the event is stored; an
 * event sent with an identifier belongs to that user forever, whatever the link says.
 */
export function eventUser<User>(sent: User | null, linked: User | null): Owner<User> {
  if (sent !== null) return { user: sent, rule: "sent-identifier" };
  if (linked !== null) return { user: linked, rule: "visitor-link" };
  return { user: null, rule: "anonymous" };
}

/** A `/u`'s user: the one it names, else its visitor's; with neither it is refused. */
export type UpdateUserRule = "sent-identifier" | "visitor-link" | "no-user";

export function updatedUser<User>(
  sent: User | null,
  linked: User | null,
): { user: User | null; rule: UpdateUserRule } {
  const { user, rule } = eventUser(sent, linked);
  return { user, rule: rule === "anonymous" ? "no-user" : rule };
}
