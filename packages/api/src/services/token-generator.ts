import { randomBytes } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const TOKEN_RANDOM_CHARS = 32;
// 248 is the largest multiple of 62 below 256: rejecting bytes above it keeps every
// character equally likely.
const UNBIASED_LIMIT = 248;

/** `proj_` + 32 base62 characters from the CSPRNG (about 190 bits). */
export function generateProjectToken(): string {
  let out = "";
  while (out.length < TOKEN_RANDOM_CHARS) {
    for (const byte of randomBytes(48)) {
      if (byte < UNBIASED_LIMIT && out.length < TOKEN_RANDOM_CHARS) out += ALPHABET[byte % 62];
    }
  }
  return `proj_${out}`;
}

export const PROJECT_TOKEN_PATTERN = /^proj_[A-Za-z0-9]{24,64}$/;
