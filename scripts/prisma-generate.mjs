// Runs `prisma generate` without the native schema engine, which cannot be downloaded
// offline: generate only checks that the engine path exists, it never executes it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const prismaBin = `${root}node_modules/.bin/prisma`;
if (!existsSync(prismaBin)) {
  console.log("prisma CLI not installed yet; skipping generate");
  process.exit(0);
}
const placeholder = fileURLToPath(new URL("./engine-placeholder.txt", import.meta.url));
const result = spawnSync(prismaBin, ["generate", "--schema", "prisma/schema.prisma"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
