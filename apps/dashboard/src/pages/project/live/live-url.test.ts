// Live's filters in the address: read back as written, defaults left out, junk ignored.
import { describe, expect, it } from "vitest";
import { ALL_KINDS } from "./live-types.ts";
import { liveFiltersOf, readLiveDraft, writeLiveDraft } from "./live-url.ts";

const read = (search: string) => readLiveDraft(new URLSearchParams(search));

describe("Live filters in the query string", () => {
  it("round-trips names, user and kinds", () => {
    const params = writeLiveDraft({
      names: " signup, $pageview ,",
      user: " ada ",
      kinds: ["refused", "accepted"],
    });
    expect(params.toString()).toBe("name=signup%2C%24pageview&user=ada&kind=accepted%2Crefused");
    expect(read(params.toString())).toEqual({
      names: "signup,$pageview",
      user: "ada",
      kinds: ["accepted", "refused"],
    });
  });

  it("leaves defaults out, so an unfiltered Live has a bare address", () => {
    expect(writeLiveDraft(read("")).toString()).toBe("");
    expect(read("")).toEqual({ names: "", user: "", kinds: [...ALL_KINDS] });
  });

  it("ignores unknown kinds and keeps all when none is left", () => {
    expect(read("kind=refused,bogus").kinds).toEqual(["refused"]);
    expect(read("kind=bogus").kinds).toEqual([...ALL_KINDS]);
  });

  it("turns a draft into the stream's filters", () => {
    expect(liveFiltersOf(read("name=a,b&user=u"), ["dropped"])).toEqual({
      names: ["a", "b"],
      userIdentifier: "u",
      kinds: ["dropped"],
    });
  });
});
