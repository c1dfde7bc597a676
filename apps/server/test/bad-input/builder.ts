// The builder of the seeded bad-input corpus: valid base bodies, mutation helpers, expected answers.
export type Endpoint = "/e" | "/i" | "/u";
export const ENDPOINTS = ["/e", "/i", "/u"] as const;

export interface BadInputCase {
  n: number;
  label: string;
  method: string;
  path: Endpoint;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  status: number;
  /** For a 200: the event name it must store (on /e) and the user identifier it must store. */
  event?: string;
  user?: string;
}

export type Json = Record<string, unknown>;
export type Spec = Partial<Omit<BadInputCase, "n" | "body">> & { body?: Json | string | Buffer };
type Make = (n: number) => Spec;

/** mulberry32: small and seedable, so the corpus is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function define(target: Json, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Sets `path` on a deep copy, as an own member even for `__proto__`; undefined deletes it. */
export function put(body: Json, path: readonly string[], value: unknown): Json {
  const copy = JSON.parse(JSON.stringify(body)) as Json;
  let target = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof target[key] !== "object" || target[key] === null) define(target, key, {});
    target = target[key] as Json;
  }
  const last = path.at(-1) ?? "";
  if (value === undefined) delete target[last];
  else define(target, last, value);
  return copy;
}

/** Placeholder for JSON text that JSON.stringify cannot produce (deep nesting, 1e999, bytes). */
export const RAW = "@RAW@";
export const withRaw = (body: Json, raw: string) => JSON.stringify(body).replace(`"${RAW}"`, raw);
/** `body` as bytes with the placeholder replaced by raw (possibly invalid UTF-8) bytes. */
export function withBytes(body: Json, bytes: Buffer): Buffer {
  const [head = "", tail = ""] = JSON.stringify(body).split(RAW);
  return Buffer.concat([Buffer.from(head), bytes, Buffer.from(tail)]);
}

export const deepArrays = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
export const deepObjects = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
export const manyKeys = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 1]));

function parsedObject(text: string): Json {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Json) : {};
  } catch {
    return {};
  }
}
const clean = (value: unknown) =>
  typeof value === "string" && value.trim() ? value.trim() : undefined;

export class CorpusBuilder {
  readonly cases: BadInputCase[] = [];
  readonly random: () => number;

  constructor(
    readonly token: string,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  /** A valid body; `n` keeps names and identifiers unique per case. */
  base(path: Endpoint, n: number): Json {
    if (path === "/e") {
      return {
        projectToken: this.token,
        name: `e${n}`,
        identifier: `u${n}`,
        displayName: "Ada",
        customData: { plan: "pro", amount: 99.5 },
        userData: { set: { plan: "pro" }, setOnce: { first: "2026-03-04" }, unset: ["old"] },
      };
    }
    return {
      projectToken: this.token,
      identifier: `u${n}`,
      displayName: "Ada",
      data: { set: { plan: "pro" }, setOnce: { first: "x" }, unset: ["old"] },
    };
  }

  /**
   * Adds one case. Unless the spec says otherwise it expects 200, and a 200 stores the event
   * named by the body's `name` (on /e) and the user named by its `identifier`.
   */
  add(path: Endpoint, label: string, make: Make) {
    const n = this.cases.length;
    const spec = make(n);
    const body = spec.body;
    const text = typeof body === "object" && !Buffer.isBuffer(body) ? JSON.stringify(body) : body;
    const fields = typeof text === "string" ? parsedObject(text) : {};
    const stored =
      (spec.status ?? 200) === 200
        ? {
            event: path === "/e" ? clean(fields.name) : undefined,
            user: clean(fields.identifier) ?? clean(fields.userIdentifier),
          }
        : {};
    this.cases.push({
      n,
      label: `${path} ${label}`,
      method: "POST",
      path,
      status: 200,
      ...stored,
      ...spec,
      body: text,
      headers: {
        "content-type": "application/json",
        // One agent per case gives each case its own anonymous id: no case sees another's user.
        "user-agent": `node (inlet-bad-input ${n})`,
        ...spec.headers,
      },
    });
  }

  everywhere(label: string, make: (path: Endpoint, n: number) => Spec) {
    for (const path of ENDPOINTS) this.add(path, label, (n) => make(path, n));
  }

  /** The valid body with one member at `at` set to `value` (undefined removes it). */
  set(path: Endpoint, at: readonly string[], value: unknown, status = 200, extra: Spec = {}) {
    const label = `${at.join(".")} = ${JSON.stringify(value)?.slice(0, 40) ?? "(absent)"}`;
    this.add(path, label, (n) => ({ body: put(this.base(path, n), at, value), status, ...extra }));
  }
}
