import { connect } from "node:net";

// The Redis the peer's server and worker share, and that the bench checks and measures:
// the machine's, unless REDIS_URL names another.
const redisUrl = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
export const peerRedis = {
  connection: { host: redisUrl.hostname, port: Number(redisUrl.port || 6379) },
  /** The BullMQ queue the peer's server fills and its worker drains. */
  queue: "events",
};

/**
 * Sends one inline command to the peer's Redis and resolves with what `read` makes of
 * the answer so far, or null when nothing answers within a second.
 */
function askRedis<T>(command: string, read: (answer: string) => T | undefined): Promise<T | null> {
  return new Promise((resolve) => {
    const socket = connect(peerRedis.connection);
    let answer = "";
    const done = (value: T | null) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(1_000, () => done(null));
    socket.on("error", () => done(null));
    socket.on("connect", () => socket.write(`${command}\r\n`));
    socket.on("data", (data) => {
      answer += data.toString();
      const value = read(answer);
      if (value !== undefined) done(value);
    });
  });
}

/** True when something answers PING with PONG at the peer's Redis. */
export async function redisAnswers(): Promise<boolean> {
  return (await askRedis("PING", (answer) => answer.startsWith("+PONG"))) === true;
}

/** The Redis server's process id (from INFO), so the bench can read its CPU time. */
export function redisPid(): Promise<number | null> {
  return askRedis("INFO server", (answer) => {
    const match = /process_id:(\d+)/.exec(answer);
    return match?.[1] ? Number(match[1]) : undefined;
  });
}
