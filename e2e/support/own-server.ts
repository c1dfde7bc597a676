import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A second Inlet process on its own port and data directory, for a spec that must stop and
 * restart the server without disturbing the shared one.
 */
export class OwnServer {
  readonly url: string;
  // Made on first start: spec files are also loaded by runs that never start this server.
  private dataDir: string | null = null;
  private child: ChildProcess | null = null;

  constructor(private readonly port: number) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.dataDir ??= mkdtempSync(join(tmpdir(), "inlet-e2e-own-"));
    this.child = spawn("node", ["--enable-source-maps", "apps/server/dist/main.js"], {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: "127.0.0.1",
        INLET_DATA_DIR: this.dataDir,
        LOG_LEVEL: "warn",
      },
      stdio: "ignore",
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const ready = await fetch(`${this.url}/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`Inlet did not become ready at ${this.url}`);
  }

  /** Stops it the way an operator would (SIGTERM), and waits until it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }

  /** Stops it and removes its data directory. */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
