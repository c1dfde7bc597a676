import { TRPCError } from "@trpc/server";
import { z } from "zod";

/** Position in a newest-first list: the time and id of the last row shown. */
export interface TimeCursor {
  at: Date;
  id: string;
}

export const cursorSchema = z.string().max(200).optional();
export const limitSchema = z.number().int().min(1).max(200).default(50);

export function encodeCursor(cursor: TimeCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeCursor(value: string): TimeCursor {
  const [at, id] = Buffer.from(value, "base64url").toString().split("|");
  const date = new Date(at ?? "");
  if (!id || Number.isNaN(date.getTime()) || !z.uuid().safeParse(id).success) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Invalid cursor" });
  }
  return { at: date, id };
}

/** Rows strictly after the cursor in (time desc, id desc) order. */
export function afterCursor(cursor: TimeCursor | undefined) {
  if (!cursor) return {};
  return {
    OR: [{ occurredAt: { lt: cursor.at } }, { occurredAt: cursor.at, id: { lt: cursor.id } }],
  };
}
