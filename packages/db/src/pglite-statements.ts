import { parse, protocol, type PGlite } from "@electric-sql/pglite";
import type { SqlClient, SqlQuery } from "./open-database.ts";

const { serialize } = protocol;

/**
 * PGlite's SqlClient. PGlite's `query` sends every statement unnamed, so the embedded
 * database parses and plans it again on each call; for the ingest statement (a dozen CTEs)
 * that was about a quarter of each batch's work in the database, on the server's own
 * thread. A named call is prepared on first use and then only bound and executed, in one
 * pass through the wire protocol instead of PGlite's six.
 */
export function pgliteSqlClient(pglite: PGlite): SqlClient {
  // Names this session has prepared; a name is forgotten when a call with it fails, since
  // the failure may have come before or after the statement was prepared.
  const prepared = new Set<string>();
  const named = async <Row>(name: string, text: string, params: unknown[]) => {
    const messages = [
      ...(prepared.has(name)
        ? []
        : [serialize.close({ type: "S", name }), serialize.parse({ name, text })]),
      serialize.bind({ statement: name, values: params.map(textValue) }),
      serialize.describe({ type: "P" }),
      serialize.execute({}),
      serialize.sync(),
    ];
    try {
      const { messages: replies } = await pglite.execProtocol(Buffer.concat(messages));
      prepared.add(name);
      return (parse.parseResults(replies, pglite.parsers)[0]?.rows ?? []) as Row[];
    } catch (error) {
      prepared.delete(name);
      throw error;
    }
  };
  return {
    query: async <Row>(text: string, params: unknown[], name?: string) => {
      if (!name) return (await pglite.query<Row>(text, params)).rows;
      // As `query` does: wait for any open transaction (Prisma's included) to end, then
      // hold the instance, so the statement never runs inside someone else's transaction.
      return pglite._runExclusiveTransaction(() =>
        pglite.runExclusive(() => named<Row>(name, text, params)),
      );
    },
    // PGlite's own transaction, whose statements go unnamed: the writes grouped this way
    // (identifies and user updates) are few beside the events, and one commit for all of
    // them is what matters.
    transaction: <T>(work: (sql: SqlQuery) => Promise<T>) =>
      pglite.transaction((tx) =>
        work({
          query: async <Row>(text: string, params: unknown[]) =>
            (await tx.query<Row>(text, params)).rows,
        }),
      ),
  };
}

/** Parameters in the text format; the statement's casts give them their types. */
function textValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  // Callers pass JSON as text; anything else would need a serializer of its own.
  throw new TypeError(`a named statement's parameter must be text, a number or null`);
}
