// checkedOnce: an object shared by many messages is checked against its schema once, and a bad one never passes.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkedOnce } from "./outputs.ts";

describe("checkedOnce", () => {
  const item = z.strictObject({ name: z.string() });

  it("checks a shared object once, however many messages carry it", () => {
    let checks = 0;
    const counted = z.strictObject({ name: z.string().refine(() => ++checks > 0) });
    const once = checkedOnce(counted);
    const shared = { name: "signup" };
    for (let viewer = 0; viewer < 50; viewer++) expect(once.parse(shared)).toBe(shared);
    expect(checks).toBe(1);
    once.parse({ name: "another object" });
    expect(checks).toBe(2);
  });

  it("refuses what the schema refuses, every time it is sent", () => {
    const once = checkedOnce(item);
    const leaky = { name: "signup", secret: "not declared" };
    expect(once.safeParse(leaky).success).toBe(false);
    expect(once.safeParse(leaky).success).toBe(false);
    expect(once.safeParse("not an object").success).toBe(false);
    expect(once.safeParse(null).success).toBe(false);
  });
});
