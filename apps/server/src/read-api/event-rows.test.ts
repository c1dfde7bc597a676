// CSV and NDJSON lines of an exported event: quoting, the formula guard, empty values, custom data as JSON, and NDJSON that reads back as the list API's event.
import { describe, expect, it } from "vitest";
import type { ExportRow } from "./export-batch.ts";
import { csvExportLine, csvField, csvHeader, ndjsonExportLine } from "./event-rows.ts";

const row: ExportRow = {
  id: "e1",
  name: 'say "hi", then\nleave',
  occurredAt: "2026-01-01T00:00:00.000Z",
  receivedAt: "2026-01-01T00:00:01.000Z",
  userIdentifier: null,
  anonymousId: "a1",
  url: "https://shop.test/?a=1,b=2",
  referrer: null,
  customData: '{"note": "x\\"y", "plan": "pro"}',
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

  it("prefix a value a spreadsheet would run as a formula, and nothing else", () => {
    expect(csvField('=HYPERLINK("https://evil.test")')).toBe(
      '"\'=HYPERLINK(""https://evil.test"")"',
    );
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField("\r=1")).toBe('"\'\r=1"');
    for (const plain of ["a=b", "page_view", "2026-01-01T00:00:00.000Z", "", " =1"])
      expect(csvField(plain)).toBe(plain);
    const attack = csvExportLine({ ...row, name: "=cmd|' /C calc'!A0", url: "@x" });
    expect(attack).toContain(",'=cmd|' /C calc'!A0,");
    expect(attack).toContain(",'@x,");
  });

  it("keep formula-like values exactly as stored in NDJSON", () => {
    const line = ndjsonExportLine({ ...row, name: "=1+1", url: "-x" });
    expect(JSON.parse(line)).toMatchObject({ name: "=1+1", url: "-x" });
  });

  it("write one CSV record per event, custom data as its JSON", () => {
    expect(csvHeader().split(",")).toHaveLength(13);
    expect(csvExportLine(row)).toBe(
      'e1,"say ""hi"", then\nleave",2026-01-01T00:00:00.000Z,2026-01-01T00:00:01.000Z,,a1,' +
        '"https://shop.test/?a=1,b=2",,"{""note"": ""x\\""y"", ""plan"": ""pro""}",Firefox,,desktop,\r\n',
    );
  });

  it("write one JSON object per NDJSON line, custom data as an object", () => {
    const line = ndjsonExportLine(row);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({ ...row, customData: { note: 'x"y', plan: "pro" } });
    expect(Object.keys(JSON.parse(line) as object)[0]).toBe("id");
  });
});
