// CSV and NDJSON lines of an exported event: quoting, empty values, JSON in one column.
import { describe, expect, it } from "vitest";
import { csvField, csvHeader, csvLine, ndjsonLine, type ApiEvent } from "./event-rows.ts";

const event: ApiEvent = {
  id: "e1",
  name: 'say "hi", then\nleave',
  occurredAt: "2026-01-01T00:00:00.000Z",
  receivedAt: "2026-01-01T00:00:01.000Z",
  userIdentifier: null,
  anonymousId: "a1",
  url: "https://shop.test/?a=1,b=2",
  referrer: null,
  customData: { plan: "pro", note: 'x"y' },
  browser: "Firefox",
  os: null,
  deviceType: "desktop",
  tokenId: null,
};

describe("export lines", () => {
  it("quote only fields that need it and double their quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
  });

  it("write one CSV record per event, custom data as its JSON", () => {
    expect(csvHeader().split(",")).toHaveLength(13);
    expect(csvLine(event)).toBe(
      'e1,"say ""hi"", then\nleave",2026-01-01T00:00:00.000Z,2026-01-01T00:00:01.000Z,,a1,' +
        '"https://shop.test/?a=1,b=2",,"{""plan"":""pro"",""note"":""x\\""y""}",Firefox,,desktop,\r\n',
    );
  });

  it("write one JSON object per NDJSON line", () => {
    const line = ndjsonLine(event);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    expect(JSON.parse(line)).toEqual(event);
  });
});
