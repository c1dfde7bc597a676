import { createHmac, randomBytes } from "node:crypto";
import type { PrismaClient } from "@inlet/db";

const KEY_NAME = "suppression-hmac-key";

/** Hashes an identifier of a project with the instance's key; the same on every process. */
export type IdentifierHasher = (projectId: string, identifier: string) => string;

/** How many characters of a hash the dashboard shows: enough to tell entries apart. */
export const HASH_PREFIX_CHARS = 12;

const hashers = new WeakMap<PrismaClient, Promise<IdentifierHasher>>();

/**
 * The instance's key lives in the database, created by whichever process needs it first:
 * every process on every machine must hash alike, and the database is what they share.
 */
async function loadKey(prisma: PrismaClient): Promise<Buffer> {
  await prisma.instanceSecret.createMany({
    data: [{ name: KEY_NAME, value: randomBytes(32).toString("hex") }],
    skipDuplicates: true,
  });
  const { value } = await prisma.instanceSecret.findUniqueOrThrow({
    where: { name: KEY_NAME },
    select: { value: true },
  });
  return Buffer.from(value, "hex");
}

export function hashWithKey(key: Buffer): IdentifierHasher {
  // The project is part of the message: one identifier in two projects is two entries.
  return (projectId, identifier) =>
    createHmac("sha256", key).update(`${projectId}\u0000${identifier}`).digest("hex");
}

/** The hasher of this database's instance key, loaded once per client. */
export function identifierHasher(prisma: PrismaClient): Promise<IdentifierHasher> {
  let hasher = hashers.get(prisma);
  if (!hasher) {
    hasher = loadKey(prisma).then(hashWithKey);
    // A failed load (the database was away) is retried by the next caller.
    hasher.catch(() => hashers.delete(prisma));
    hashers.set(prisma, hasher);
  }
  return hasher;
}
