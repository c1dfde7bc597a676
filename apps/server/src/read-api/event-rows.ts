import type { Prisma } from "@inlet/db";
import type { ExportRow } from "./export-batch.ts";

// One event as the read API and its exports give it: flat, with the user named by the
// identifier programs know it by (internal ids stay inside).

export const eventRowSelect = {
  id: true,
  name: true,
  occurredAt: true,
  receivedAt: true,
  anonymousId: true,
  url: true,
  referrer: true,
  customData: true,
  browser: true,
  os: true,
  deviceType: true,
  tokenId: true,
  user: { select: { identifier: true } },
} as const;

export type EventRecord = Prisma.EventGetPayload<{ select: typeof eventRowSelect }>;

export interface ApiEvent {
  id: string;
  name: string;
  occurredAt: string;
  receivedAt: string;
  userIdentifier: string | null;
  anonymousId: string;
  url: string | null;
  referrer: string | null;
  customData: Prisma.JsonValue;
  browser: string | null;
  os: string | null;
  deviceType: string | null;
  tokenId: string | null;
}

export function apiEvent(row: EventRecord): ApiEvent {
  return {
    id: row.id,
    name: row.name,
    occurredAt: row.occurredAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    userIdentifier: row.user?.identifier ?? null,
    anonymousId: row.anonymousId,
    url: row.url,
    referrer: row.referrer,
    customData: row.customData,
    browser: row.browser,
    os: row.os,
    deviceType: row.deviceType,
    tokenId: row.tokenId,
  };
}

/** The CSV columns, in order; `customData` is one column holding its JSON. */
export const CSV_COLUMNS = [
  "id",
  "name",
  "occurredAt",
  "receivedAt",
  "userIdentifier",
  "anonymousId",
  "url",
  "referrer",
  "customData",
  "browser",
  "os",
  "deviceType",
  "tokenId",
] as const satisfies readonly (keyof ApiEvent)[];

// A spreadsheet runs a cell starting with one of these as a formula (tab and carriage
// return too, which some strip before looking), so an event name like `=HYPERLINK(…)` sent
// by anyone holding the public project token would run on the exporting admin's machine.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet shows as text: a value that would start a formula gets a leading `'`
 * (the spreadsheets' own "this is text" mark). CSV is for spreadsheets; NDJSON keeps values
 * exactly as stored.
 */
export const csvGuard = (value: string): string =>
  FORMULA_START.test(value) ? `'${value}` : value;

/**
 * RFC 4180: a field with a quote, comma or line break is quoted, its quotes doubled; a
 * value that would start a formula is guarded first.
 */
export function csvField(value: string | null): string {
  if (value === null) return "";
  const text = csvGuard(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvHeader = (): string => `${CSV_COLUMNS.join(",")}\r\n`;

const jsonText = (value: string | null): string =>
  value === null ? "null" : JSON.stringify(value);

/**
 * An exported row as the NDJSON line `ndjsonLine` would write for it: the same fields in the
 * same order, custom data spliced in as the database's JSON text (single-line).
 */
export function ndjsonExportLine(row: ExportRow): string {
  const fields = CSV_COLUMNS.map(
    (column) => `"${column}":${column === "customData" ? row.customData : jsonText(row[column])}`,
  );
  return `{${fields.join(",")}}\n`;
}

export function csvExportLine(row: ExportRow): string {
  return `${CSV_COLUMNS.map((column) => csvField(row[column])).join(",")}\r\n`;
}
