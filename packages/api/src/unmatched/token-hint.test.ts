// Hints for unmatched tokens (revoked, expired, one typo away from a live token) and token masking.
import { describe, expect, it } from "vitest";
import { editDistance, maskExcerpt, maskToken, tokenHint, type KnownToken } from "./token-hint.ts";

const live = "proj_Ab3dEfGh1jKlMn0pQrStUvWxYz12345";
const known: KnownToken[] = [
  { token: live, state: "active", projectName: "Shop" },
  { token: "proj_OldOldOldOldOldOldOldOldOldOld1", state: "revoked", projectName: "Shop" },
  { token: "proj_ExpExpExpExpExpExpExpExpExpExp1", state: "expired", projectName: "Blog" },
];

describe("editDistance", () => {
  it("counts inserts, deletes, replacements and adjacent swaps as one edit each", () => {
    expect(editDistance("abcdef", "abcdef")).toBe(0);
    expect(editDistance("abcdef", "abXdef")).toBe(1);
    expect(editDistance("abcdef", "abdef")).toBe(1);
    expect(editDistance("abcdef", "abcdefg")).toBe(1);
    expect(editDistance("abcdef", "abdcef")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("gives up past the limit", () => {
    expect(editDistance("aaaaaaaaaa", "bbbbbbbbbb", 2)).toBe(3);
    expect(editDistance("a", "abcdefgh", 2)).toBe(3);
  });
});

describe("tokenHint", () => {
  it("names a revoked or expired token's project", () => {
    expect(tokenHint("proj_OldOldOldOldOldOldOldOldOldOld1", known)).toBe(
      "This is a revoked token of project “Shop”: use its current token.",
    );
    expect(tokenHint("proj_ExpExpExpExpExpExpExpExpExpExp1", known)).toContain(
      "expired token of project “Blog”",
    );
  });

  it("points a typo at the live token it was meant to be", () => {
    const typo = live.replace("Ab3d", "Ab3D");
    expect(tokenHint(typo, known)).toBe(
      "Differs by 1 character from a token of project “Shop”: check for a typo.",
    );
    const twoOff = live.slice(0, -2);
    expect(tokenHint(twoOff, known)).toContain("Differs by 2 characters");
  });

  it("says nothing when no token is close, or none was sent", () => {
    expect(tokenHint("proj_CompletelyDifferentTokenValue99", known)).toBeNull();
    expect(tokenHint(null, known)).toBeNull();
    // A live token itself is not unmatched; nothing to hint.
    expect(tokenHint(live.slice(0, 10), known)).toBeNull();
  });
});

describe("masking", () => {
  it("keeps only a recognisable head and tail of a token", () => {
    expect(maskToken(live)).toBe("proj_Ab…345");
    expect(maskToken("short")).toBe("•••••");
  });

  it("masks the sent token and anything token-shaped in a body excerpt", () => {
    const excerpt = `{"projectToken":"${live}","note":"old proj_ZZZZzzzzYYYY1234"}`;
    const masked = maskExcerpt(excerpt, live);
    expect(masked).not.toContain(live);
    expect(masked).not.toContain("ZZZZzzzz");
    expect(masked).toContain("proj_Ab…345");
    expect(maskExcerpt('{"name":"x"}', null)).toBe('{"name":"x"}');
  });
});
