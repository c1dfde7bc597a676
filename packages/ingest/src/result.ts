/**
 * Outcome of parsing one request. `reason` is a short ASCII sentence meant for a response
 * header and the live stream, e.g. "name is required".
 */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Request headers as Node exposes them: lower-case names, repeated headers as arrays. */
export type HeaderMap = Readonly<Record<string, string | string[] | undefined>>;

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(reason: string): ParseResult<T> {
  return { ok: false, reason };
}

/** First value of a header, or undefined. Names must be given in lower case. */
export function header(headers: HeaderMap, name: string): string | undefined {
  // Own-property check so a header map with a prototype never yields inherited members.
  if (!Object.prototype.hasOwnProperty.call(headers, name)) return undefined;
  const value = headers[name];
  if (Array.isArray(value)) return value[0];
  return typeof value === "string" ? value : undefined;
}

/** The refusal `guarded` gives when a parser threw: a bug in the parser, never a client error. */
export const PARSER_THREW_REASON = "request could not be parsed";

/**
 * Runs a parser and turns any unexpected exception into a refusal. Parsers are written not
 * to throw; this is the backstop that keeps a client from ever causing a 500.
 */
export function guarded<T>(parse: () => ParseResult<T>): ParseResult<T> {
  try {
    return parse();
  } catch {
    return fail(PARSER_THREW_REASON);
  }
}
