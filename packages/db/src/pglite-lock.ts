import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";

export class DataDirectoryLockedError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is already open in process ${pid}. ` +
        `PGlite allows one process per data directory: stop that process, or set DATABASE_URL ` +
        `to share a PostgreSQL server between processes.`,
    );
    this.name = "DataDirectoryLockedError";
  }
}

const lockedHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes an exclusive, pid-stamped lock file next to the PGlite data. A second opener
 * would corrupt the files, so it is refused; a lock left by a killed process is reclaimed.
 */
export function lockDataDirectory(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, "inlet.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      lockedHere.add(lockPath);
      return () => {
        lockedHere.delete(lockPath);
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      // Our own pid in a lock we did not take is a stale file from an earlier run whose pid
      // was reused (pid 1 in a restarted container, say).
      const heldHere = lockedHere.has(lockPath);
      if (heldHere || (Number.isInteger(owner) && owner !== process.pid && isAlive(owner))) {
        throw new DataDirectoryLockedError(dataDir, owner);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
