// The Events filters in the address: read back as written, empty fields left out.
import { describe, expect, it } from "vitest";
import { EMPTY_EVENT_FILTERS, readEventDraft, writeEventDraft } from "./events-url.ts";

describe("Events filters in the query string", () => {
  it("round-trips every filter", () => {
    const draft = {
      name: "purchase",
      userIdentifier: "ada@example.com",
      from: "2026-12-01T10:00",
      to: "2026-12-01T12:30",
      tokenId: "7b5c1f9e-0000-4000-8000-000000000000",
      sentVia: "batch" as const,
    };
    const params = writeEventDraft({ ...draft, name: " purchase " });
    expect(params.get("user")).toBe("ada@example.com");
    expect(params.get("sent")).toBe("batch");
    expect(readEventDraft(params)).toEqual(draft);
  });

  it("leaves empty fields out, so an unfiltered list has a bare address", () => {
    expect(writeEventDraft(EMPTY_EVENT_FILTERS).toString()).toBe("");
    expect(readEventDraft(new URLSearchParams("other=1"))).toEqual(EMPTY_EVENT_FILTERS);
  });

  it("reads an unknown way of sending as any way", () => {
    expect(readEventDraft(new URLSearchParams("sent=single")).sentVia).toBe("single");
    expect(readEventDraft(new URLSearchParams("sent=carrier-pigeon")).sentVia).toBe("");
  });
});
