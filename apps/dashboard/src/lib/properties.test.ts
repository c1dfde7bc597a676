// What Live rows and the event dialog show of an event's custom data.
import { describe, expect, it } from "vitest";
import { eventSummary, propertyEntries } from "./properties.ts";

describe("propertyEntries", () => {
  it("lists custom data in the order sent, strings as they are and anything else as JSON", () => {
    expect(propertyEntries({ plan: "pro", amount: 19.5, tags: ["a"] })).toEqual([
      ["plan", "pro"],
      ["amount", "19.5"],
      ["tags", '["a"]'],
    ]);
  });

  it("has nothing for missing or non-object data", () => {
    expect(propertyEntries(null)).toEqual([]);
    expect(propertyEntries("plan")).toEqual([]);
    expect(propertyEntries(["plan"])).toEqual([]);
  });
});

describe("eventSummary", () => {
  it("shows the page address, then the properties", () => {
    expect(eventSummary("https://shop.test/mug", { plan: "pro", seats: "3" })).toBe(
      "https://shop.test/mug · plan: pro · seats: 3",
    );
    expect(eventSummary(null, { plan: "pro" })).toBe("plan: pro");
  });

  it("says so when there is neither, rather than showing an identifier", () => {
    expect(eventSummary(null, {})).toBe("no properties");
    expect(eventSummary(null, null)).toBe("no properties");
  });
});
