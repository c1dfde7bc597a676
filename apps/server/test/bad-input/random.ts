// Bad-input corpus, random part: wrong types, data valid once cleaned, cuts and bytes, from the seed.
import { ENDPOINTS, put, type CorpusBuilder, type Spec } from "./builder.ts";
import { TEXT_FIELDS } from "./shapes.ts";
import { CHARS } from "./text.ts";

/** Random wrong types, random data that is valid once cleaned, random cuts and random bytes. */
export function addRandomCases(b: CorpusBuilder) {
  const { random, token } = b;
  const count = (max: number) => Math.floor(random() * max);
  const text = (max: number) =>
    Array.from({ length: 1 + count(max) }, () => b.pick(CHARS)).join("");
  const key = () => `${b.pick(["a", "k", "é", "x"])}${text(8)}`;
  const value = (depth: number): unknown => {
    const kind = count(depth >= 3 ? 5 : 7);
    if (kind === 0) return null;
    if (kind === 1) return random() < 0.5;
    if (kind === 2) return Math.round((random() - 0.5) * 1e6) / 100;
    if (kind <= 4) return text(depth > 1 ? 12 : 30);
    if (kind === 5) return Array.from({ length: count(4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: count(4) }, () => [key(), value(depth + 1)]));
  };
  const wrong = (): unknown =>
    b.pick([
      () => random() * 1e9,
      () => random() < 0.5,
      () => [value(1)],
      () => ({ [key()]: value(1) }),
    ])();
  const kinds = ["wrong type", "valid data", "cut", "bytes", "token elsewhere"] as const;

  for (let i = 0; i < 360; i++) {
    const path = b.pick(ENDPOINTS);
    const kind = b.pick(kinds);
    b.add(path, `random ${kind} #${i}`, (n): Spec => {
      const body = b.base(path, n);
      if (kind === "wrong type") {
        return { body: put(body, [b.pick(TEXT_FIELDS[path])], wrong()), status: 400 };
      }
      if (kind === "valid data") {
        const data = Object.fromEntries(
          Array.from({ length: 1 + count(8) }, () => [key(), value(1)]),
        );
        return { body: put(body, path === "/e" ? ["customData"] : ["data", "set"], data) };
      }
      if (kind === "cut") {
        const full = JSON.stringify(put(body, ["customData"], { note: text(40) }));
        return { body: full.slice(0, count(full.length)), status: 400 };
      }
      if (kind === "bytes") {
        const bytes = Buffer.from(Array.from({ length: 1 + count(200) }, () => count(256)));
        return { body: bytes, headers: { token }, status: 400 };
      }
      const moved = put(body, ["projectToken"], undefined);
      return random() < 0.5
        ? { body: moved, headers: { token } }
        : { body: put(moved, ["Token"], token) };
    });
  }
}
