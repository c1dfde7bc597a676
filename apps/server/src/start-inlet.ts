import { createFirstAdmin, recordAudit } from "@inlet/api";
import { openDatabase, type Database } from "@inlet/db";
import type { FastifyInstance } from "fastify";
import { buildServer } from "./build-server.ts";
import type { Config } from "./env.ts";
import { ensureLocalCertificates, type LocalCertificates } from "./http/local-certificates.ts";

export interface RunningInlet {
  app: FastifyInstance;
  database: Database;
  url: string;
  /** Set when this port also answers HTTPS with a certificate from the local CA. */
  localTls: { url: string; caFile: string } | undefined;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

export async function startInlet(config: Config): Promise<RunningInlet> {
  let app: FastifyInstance | undefined;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    readUrl: config.databaseReadUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    // A broken idle connection or live-stream listener recovers by itself, but an operator
    // must be able to see that it happened. The logger exists once the server is built.
    onBackgroundError: (error) => {
      if (app) app.log.error({ err: error }, "database background error");
      else console.error("database background error:", error);
    },
  });
  let localCertificates: LocalCertificates | undefined;
  try {
    // Unattended installs name their first admin in the environment; existing admins win.
    const created = config.initialAdmin
      ? await createFirstAdmin(database.prisma, config.initialAdmin)
      : null;
    if (created) {
      await recordAudit(database.prisma, {
        actor: { id: null, email: "environment" },
        ipAddress: null,
        action: "admin.create",
        target: { type: "admin", id: created.id },
        summary: `created ${created.email} as owner from INLET_ADMIN_EMAIL`,
        details: { email: created.email, role: "owner" },
      });
    }
    // Certificate files of one's own win; otherwise local clients get HTTPS on the same port.
    if (!config.tls && config.localTls) localCertificates = ensureLocalCertificates(config.dataDir);
    app = await buildServer({ config, database, localCertificates });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await database.close();
    throw error;
  }
  const started = app;
  const address = started.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const protocol = config.tls ? "https" : "http";
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  let stopping: Promise<void> | undefined;
  return {
    app: started,
    database,
    url: `${protocol}://${host}:${port}`,
    localTls: localCertificates && {
      url: `https://${host}:${port}`,
      caFile: localCertificates.caFile,
    },
    stop: () => {
      stopping ??= started.close().finally(() => database.close());
      return stopping;
    },
  };
}
