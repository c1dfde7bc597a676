import { createFirstAdmin } from "@inlet/api";
import { openDatabase, type Database } from "@inlet/db";
import type { FastifyInstance } from "fastify";
import { buildServer } from "./build-server.ts";
import type { Config } from "./env.ts";

export interface RunningInlet {
  app: FastifyInstance;
  database: Database;
  url: string;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

export async function startInlet(config: Config): Promise<RunningInlet> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    readUrl: config.databaseReadUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  let app: FastifyInstance;
  try {
    // Unattended installs name their first admin in the environment; existing admins win.
    if (config.initialAdmin) await createFirstAdmin(database.prisma, config.initialAdmin);
    app = await buildServer({ config, database });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await database.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const protocol = config.tls ? "https" : "http";
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  let stopping: Promise<void> | undefined;
  return {
    app,
    database,
    url: `${protocol}://${host}:${port}`,
    stop: () => {
      stopping ??= app.close().finally(() => database.close());
      return stopping;
    },
  };
}
