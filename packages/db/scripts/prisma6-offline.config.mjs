// Prisma 6's CLI can diff schemas offline with its WebAssembly engine when given a driver
// adapter. Each connection is a fresh in-memory PGlite: a shadow database that needs no
// server. Multi-statement migration scripts go through `exec`, which PGlite requires.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

async function connectInMemory() {
  const pglite = new PGlite();
  const adapter = await new PrismaPGlite(pglite).connect();
  return new Proxy(adapter, {
    get(target, property) {
      if (property === "executeScript")
        return (script) => pglite.exec(script).then(() => undefined);
      if (property === "executeRaw") {
        return (query) =>
          query.args.length === 0 ? pglite.exec(query.sql).then(() => 0) : target.executeRaw(query);
      }
      const value = target[property];
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export default {
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => ({
    provider: "postgres",
    adapterName: "pglite-in-memory",
    connect: connectInMemory,
    connectToShadowDb: connectInMemory,
  }),
};
