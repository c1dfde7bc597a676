import { cleanText } from "./text.ts";

const ELLIPSIS = "...";
// A UTF-16 code unit needs at most 3 UTF-8 bytes, so decoding this many bytes always
// yields at least maxChars characters when the body is that long.
const MAX_BYTES_PER_CHAR = 3;

/**
 * A bounded excerpt of a raw request body for the live stream of refused requests: at
 * most `maxChars` characters (an ASCII "..." marks a cut), NUL-free and well-formed so it
 * can be stored and sent to the dashboard whatever the client sent. Undefined gives "".
 */
export function bodyExcerpt(raw: string | Buffer | undefined, maxChars = 512): string {
  if (raw === undefined || !(maxChars > 0)) return "";
  const limit = Math.floor(maxChars);
  // Only the head of a large body is decoded, so a 64 KB body costs no more than a small
  // one. Strings keep some slack because removed NULs shorten the text.
  let text: string;
  let inputCut: boolean;
  if (typeof raw === "string") {
    const head = limit * 2 + 1;
    inputCut = raw.length > head;
    text = inputCut ? raw.slice(0, head) : raw;
  } else {
    const bytes = limit * MAX_BYTES_PER_CHAR + 4;
    inputCut = raw.length > bytes;
    text = raw.toString("utf8", 0, Math.min(raw.length, bytes));
  }
  const cleaned = cleanText(text);
  if (!inputCut && cleaned.length <= limit) return cleaned;
  if (limit <= ELLIPSIS.length) return cleanText(cleaned.slice(0, limit));
  return cleanText(cleaned.slice(0, limit - ELLIPSIS.length)) + ELLIPSIS;
}
