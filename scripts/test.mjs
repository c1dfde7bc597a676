// The whole test suite, in the order that fails fastest: static checks, unit tests,
// integration tests against PostgreSQL and then embedded PGlite, browser tests last.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";

const postgresUrl = new URL(
  process.env.INLET_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
);

function canReach(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
    socket.setTimeout(2_000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const postgresReachable = await canReach(postgresUrl.hostname, postgresUrl.port || 5432);
if (!postgresReachable && process.env.CI) {
  console.error(`PostgreSQL is not reachable at ${postgresUrl.host}; CI needs it.`);
  process.exit(1);
}

// The browser tests use Debian's Chromium (nothing is downloaded) or PLAYWRIGHT_CHROMIUM_PATH.
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_FIX = "apt-get install chromium (as root), or set PLAYWRIGHT_CHROMIUM_PATH";

/** Installs Chromium with apt when this runs as root, as CI's setup does; true when present. */
function ensureChromium() {
  if (existsSync(chromiumPath)) return true;
  const root = process.getuid?.() === 0;
  const apt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (!root || !apt || process.env.PLAYWRIGHT_CHROMIUM_PATH) return false;
  console.log(`\n=== installing Chromium for the browser tests (${CHROMIUM_FIX}) ===`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update"], { stdio: "inherit", env });
  spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], {
    stdio: "inherit",
    env,
  });
  return existsSync(chromiumPath);
}

const chromiumPresent = ensureChromium();
if (!chromiumPresent && process.env.CI) {
  console.error(
    `No Chromium at ${chromiumPath}; CI needs it for the browser tests: ${CHROMIUM_FIX}.`,
  );
  process.exit(1);
}

const steps = [
  ["lint", "pnpm", ["lint"]],
  ["typecheck", "pnpm", ["typecheck"]],
  ["schema and migrations agree", "pnpm", ["db:check"]],
  ["unit tests", "pnpm", ["exec", "vitest", "run", "--project", "unit"]],
  postgresReachable
    ? [
        "integration tests on PostgreSQL",
        "pnpm",
        ["exec", "vitest", "run", "--project", "integration"],
        { INLET_TEST_DB: "postgres" },
      ]
    : null,
  [
    "integration tests on PGlite",
    "pnpm",
    ["exec", "vitest", "run", "--project", "integration"],
    { INLET_TEST_DB: "pglite" },
  ],
  chromiumPresent ? ["browser tests", "pnpm", ["test:e2e"]] : null,
].filter(Boolean);

if (!chromiumPresent) {
  console.warn(`\n!! No Chromium at ${chromiumPath}: SKIPPING THE BROWSER TESTS.`);
  console.warn(`!! To run them: ${CHROMIUM_FIX}.\n`);
}

if (!postgresReachable) {
  console.warn(
    `\n!! PostgreSQL is not reachable at ${postgresUrl.host}: skipping the PostgreSQL integration run.`,
  );
  console.warn(
    "!! Set INLET_TEST_POSTGRES_URL to a server where the tests may create databases.\n",
  );
}

for (const [title, command, args, env] of steps) {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n=== FAILED: ${title} (${seconds}s) ===`);
    process.exit(result.status ?? 1);
  }
  console.log(`=== ok: ${title} (${seconds}s) ===`);
}
console.log(
  chromiumPresent
    ? "\nAll test steps passed."
    : `\nAll test steps that ran passed; the browser tests were SKIPPED (${CHROMIUM_FIX}).`,
);
