import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

const mainEntry = new URL("../apps/server/src/main.ts", import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs Inlet as operators do (its real entry point) in a child process on a free port. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", mainEntry], {
    // Local HTTPS would write certificates to the working directory's .inlet; tests that
    // want it say so.
    env: { ...process.env, PORT: "0", LOG_LEVEL: "warn", INLET_LOCAL_TLS: "false", ...env },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    child.stdout.on("data", () => {
      const match = /Inlet is running at (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { url, child, output: () => output, exited };
}
