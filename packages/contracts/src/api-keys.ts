import { z } from "zod";

// Secret API keys: what the dashboard, the CLI and the server agree a key looks like.

export const apiKeyScopes = ["read", "delete"] as const;
export const apiKeyScopeSchema = z.enum(apiKeyScopes);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/** The grants a key can be created with: deleting without reading is not offered. */
export const apiKeyGrants = { read: ["read"], "read,delete": ["read", "delete"] } as const;
export const apiKeyGrantSchema = z.enum(["read", "read,delete"]);
export type ApiKeyGrant = z.infer<typeof apiKeyGrantSchema>;

export const apiKeyLabelSchema = z.string().trim().max(100, "At most 100 characters");

/** Every secret key starts so; project tokens start `proj_`, so the two cannot be mixed up. */
export const SECRET_KEY_PREFIX = "sk_";

/** Characters of a key kept in the clear to name it (`sk_` and eight random ones). */
export const SECRET_KEY_SHOWN_CHARS = 11;

export const isSecretKey = (value: string): boolean => value.startsWith(SECRET_KEY_PREFIX);

const SECRET_KEY_IN_TEXT = /sk_[A-Za-z0-9]{8,}/g;

/** `sk_AbCdEfGh…`: enough to recognise a key, too little to use it. */
export const maskSecretKey = (key: string): string => `${key.slice(0, SECRET_KEY_SHOWN_CHARS)}…`;

/** Every secret key in a text (a request body shown in Live or Unmatched), masked. */
export const maskSecretKeys = (text: string): string =>
  text.replace(SECRET_KEY_IN_TEXT, (key) => maskSecretKey(key));
