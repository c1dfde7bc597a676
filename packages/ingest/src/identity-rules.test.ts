// The identity rules: an event's own identifier wins over its visitor's link, a link over nothing; /u alike.
import { describe, expect, it } from "vitest";
import { eventUser, updatedUser } from "./identity-rules.ts";

describe("eventUser", () => {
  it("keeps the identifier an event was sent with, whatever its visitor is linked to", () => {
    expect(eventUser("alice", "bob")).toEqual({ user: "alice", rule: "sent-identifier" });
    expect(eventUser("alice", null)).toEqual({ user: "alice", rule: "sent-identifier" });
  });

  it("credits an unnamed event to its visitor's linked user, else to no one", () => {
    expect(eventUser(null, "bob")).toEqual({ user: "bob", rule: "visitor-link" });
    expect(eventUser(null, null)).toEqual({ user: null, rule: "anonymous" });
  });
});

describe("updatedUser", () => {
  it("updates the named user, else the visitor's, else finds none", () => {
    expect(updatedUser("alice", "bob")).toEqual({ user: "alice", rule: "sent-identifier" });
    expect(updatedUser(null, "bob")).toEqual({ user: "bob", rule: "visitor-link" });
    expect(updatedUser(null, null)).toEqual({ user: null, rule: "no-user" });
  });
});
