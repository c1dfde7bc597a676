// Covers bodyExcerpt: bounded, clean excerpts of refused bodies.
import { describe, expect, it } from "vitest";
import { bodyExcerpt } from "./body-excerpt.ts";

describe("bodyExcerpt", () => {
  it("returns short bodies whole and undefined as empty", () => {
    expect(bodyExcerpt('{"name":"x"}')).toBe('{"name":"x"}');
    expect(bodyExcerpt(Buffer.from('{"a":1}'))).toBe('{"a":1}');
    expect(bodyExcerpt(undefined)).toBe("");
  });

  it("cuts long bodies to maxChars with a marker", () => {
    const excerpt = bodyExcerpt("x".repeat(70_000));
    expect(excerpt).toHaveLength(512);
    expect(excerpt.endsWith("...")).toBe(true);
    expect(bodyExcerpt(Buffer.from("y".repeat(100)), 10)).toBe("yyyyyyy...");
    expect(bodyExcerpt("abcdef", 2)).toBe("ab");
    expect(bodyExcerpt("abc", 0)).toBe("");
  });

  it("removes NUL and never leaves a broken character", () => {
    expect(bodyExcerpt("a\u0000b")).toBe("ab");
    expect(bodyExcerpt("x\uD800y")).toBe("x\uFFFDy");
    // The cut lands inside an emoji: the half surrogate must not survive.
    const excerpt = bodyExcerpt(`${"a".repeat(6)}\uD83D\uDE00tail`, 10);
    expect(excerpt).toBe("aaaaaa\uFFFD...");
  });

  it("decodes only the head of a large buffer and handles invalid UTF-8", () => {
    const buffer = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.alloc(65_536, 0x61)]);
    const excerpt = bodyExcerpt(buffer, 20);
    expect(excerpt).toBe(`\uFFFD\uFFFD${"a".repeat(15)}...`);
  });
});
