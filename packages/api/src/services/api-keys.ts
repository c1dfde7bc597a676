import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@inlet/db";
import {
  apiKeyGrants,
  apiKeyLabelSchema,
  SECRET_KEY_PREFIX,
  SECRET_KEY_SHOWN_CHARS,
  type ApiKeyGrant,
} from "@inlet/contracts";
import { hashSecret } from "./sessions.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const KEY_RANDOM_CHARS = 32;
// The largest multiple of 62 below 256: rejecting bytes above it keeps characters uniform.
const UNBIASED_LIMIT = 248;

/** `sk_` + 32 base62 characters from the CSPRNG (about 190 bits). */
export function generateSecretKey(): string {
  let out = "";
  while (out.length < KEY_RANDOM_CHARS) {
    for (const byte of randomBytes(48)) {
      if (byte < UNBIASED_LIMIT && out.length < KEY_RANDOM_CHARS) out += ALPHABET[byte % 62];
    }
  }
  return `${SECRET_KEY_PREFIX}${out}`;
}

export const SECRET_KEY_PATTERN = /^sk_[A-Za-z0-9]{32}$/;

/**
 * Keys are high-entropy, so one SHA-256 is as good as a slow password hash here and lets
 * every API request be checked with one indexed lookup.
 */
export const hashSecretKey = hashSecret;

export const apiKeySelect = {
  id: true,
  projectId: true,
  prefix: true,
  label: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** Creates a key; the returned `key` is the only time it exists outside the caller. */
export async function createApiKey(
  prisma: PrismaClient,
  input: { projectId: string; label?: string; grant: ApiKeyGrant; now: Date },
) {
  const key = generateSecretKey();
  const row = await prisma.apiKey.create({
    data: {
      projectId: input.projectId,
      keyHash: hashSecretKey(key),
      prefix: key.slice(0, SECRET_KEY_SHOWN_CHARS),
      label: apiKeyLabelSchema.parse(input.label ?? ""),
      scopes: [...apiKeyGrants[input.grant]],
      createdAt: input.now,
    },
    select: apiKeySelect,
  });
  return { ...row, key };
}

export class ApiKeyNotFoundError extends Error {
  override name = "ApiKeyNotFoundError";
}

/**
 * Revokes the active key with this id or shown prefix (the CLI accepts either). Processes
 * stop accepting it within a second (their key caches expire in 500 ms).
 */
export async function revokeApiKey(prisma: PrismaClient, idOrPrefix: string, now: Date) {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrPrefix);
  const matches = await prisma.apiKey.findMany({
    where: byId ? { id: idOrPrefix } : { prefix: idOrPrefix },
    select: { ...apiKeySelect, project: { select: { name: true } } },
    take: 2,
  });
  const [match] = matches;
  if (!match) throw new ApiKeyNotFoundError(`No API key has the id or prefix ${idOrPrefix}`);
  if (matches.length > 1)
    throw new ApiKeyNotFoundError(`Several keys start ${idOrPrefix}: use the id`);
  const { count } = await prisma.apiKey.updateMany({
    where: { id: match.id, revokedAt: null },
    data: { revokedAt: now },
  });
  return { key: match, revoked: count === 1 };
}
