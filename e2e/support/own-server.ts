import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.ts";

class ExitedEarly extends Error {}

/**
 * A second Inlet process on a free port and its own data directory, for a spec that needs a
 * fresh install or must stop and restart the server without disturbing the shared one.
 * Restarts keep the port, so an open page reconnects to the same address.
 */
export class OwnServer {
  private readonly dataDir = mkdtempSync(join(tmpdir(), "inlet-e2e-own-"));
  private child: ChildProcess | null = null;

  private constructor(private readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts a fresh Inlet and waits until it is ready. */
  static async start(): Promise<OwnServer> {
    // A port found free can be taken before the server binds it; one retry on a new port.
    for (let attempt = 1; ; attempt++) {
      const server = new OwnServer(await freePort());
      try {
        await server.start();
        return server;
      } catch (error) {
        await server.dispose();
        if (attempt === 2 || !(error instanceof ExitedEarly)) throw error;
      }
    }
  }

  async start(): Promise<void> {
    this.child = spawn("apps/server/bin/inlet-server", [], {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: "127.0.0.1",
        INLET_DATA_DIR: this.dataDir,
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    // Its errors name the cause when it does not come up.
    let errors = "";
    this.child.stderr?.on(
      "data",
      (chunk: Buffer) => (errors = (errors + String(chunk)).slice(-2_000)),
    );
    const child = this.child;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new ExitedEarly(`Inlet exited with ${child.exitCode} at ${this.url}: ${errors}`);
      const ready = await fetch(`${this.url}/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`Inlet did not become ready at ${this.url}: ${errors}`);
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
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
