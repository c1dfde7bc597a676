import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A PostgreSQL primary and a streaming replica of its own, for tests that must tell which
 * server a query reached. The machine's shared cluster allows no replication connections,
 * so the pair is made from the server binaries in a temporary directory, run as `postgres`.
 */
export interface ReplicaPair {
  primaryUrl: string;
  replicaUrl: string;
  stop(): void;
}

const POSTGRES_ROOT = "/usr/lib/postgresql";

/** Why a pair cannot be made here, or null when it can. */
export function replicaPairUnavailable(): string | null {
  if (process.getuid?.() !== 0) return "making a replica pair needs root (to run as postgres)";
  if (!existsSync(POSTGRES_ROOT) || readdirSync(POSTGRES_ROOT).length === 0)
    return `no PostgreSQL server binaries under ${POSTGRES_ROOT}`;
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export async function startReplicaPair(): Promise<ReplicaPair> {
  const version = readdirSync(POSTGRES_ROOT).sort().at(-1) ?? "";
  const bin = join(POSTGRES_ROOT, version, "bin");
  const dir = mkdtempSync(join(tmpdir(), "inlet-replica-"));
  chmodSync(dir, 0o777);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const asPostgres = (command: string) =>
    execFileSync("su", ["postgres", "-c", command], { stdio: "pipe", timeout: 60_000 });
  const serverOptions = (port: number, extra = "") =>
    `-o '-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 ${extra}'`;
  const stop = () => {
    for (const data of ["replica", "primary"]) {
      if (existsSync(join(dir, data, "postmaster.pid")))
        asPostgres(`${bin}/pg_ctl -D ${dir}/${data} -m immediate stop`);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    asPostgres(`${bin}/initdb -D ${dir}/primary -A trust -U postgres`);
    asPostgres(`echo 'host replication all 127.0.0.1/32 trust' >> ${dir}/primary/pg_hba.conf`);
    asPostgres(
      `${bin}/pg_ctl -D ${dir}/primary ${serverOptions(primaryPort, "-c wal_level=replica")} -l ${dir}/primary.log -w start`,
    );
    asPostgres(
      `${bin}/pg_basebackup -h 127.0.0.1 -p ${primaryPort} -U postgres -D ${dir}/replica -R -X stream`,
    );
    asPostgres(
      `${bin}/pg_ctl -D ${dir}/replica ${serverOptions(replicaPort)} -l ${dir}/replica.log -w start`,
    );
  } catch (error) {
    stop();
    throw error;
  }
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    replicaUrl: `postgres://postgres@127.0.0.1:${replicaPort}/postgres`,
    stop,
  };
}
