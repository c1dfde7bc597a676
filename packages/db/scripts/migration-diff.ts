// `check`: fails when prisma/schema.prisma and prisma/migrations disagree (CI runs it).
// `new NAME`: writes the SQL that brings the migrations up to the schema as a new migration.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const migrationsDir = join(root, "prisma/migrations");
const placeholder = join(root, "scripts/engine-placeholder.txt");
const prisma6 = fileURLToPath(new URL("../node_modules/prisma6/build/index.js", import.meta.url));
const config = fileURLToPath(new URL("./prisma6-offline.config.mjs", import.meta.url));

/** Prisma 6 still wants a datasource url and a classic generator; the copy gets both. */
function prisma6Schema(): string {
  const schema = readFileSync(join(root, "prisma/schema.prisma"), "utf8")
    .replace(
      /datasource db \{[^}]*\}/,
      'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}',
    )
    .replace(
      /generator client \{[^}]*\}/,
      'generator client {\n  provider = "prisma-client-js"\n}',
    );
  const dir = mkdtempSync(join(tmpdir(), "inlet-schema-"));
  const path = join(dir, "schema.prisma");
  writeFileSync(path, schema);
  return path;
}

function diff(): { status: number; sql: string; errors: string } {
  const schema = prisma6Schema();
  const result = spawnSync(
    process.execPath,
    [
      prisma6,
      "migrate",
      "diff",
      "--config",
      config,
      "--from-migrations",
      migrationsDir,
      "--to-schema-datamodel",
      schema,
      "--script",
      "--exit-code",
    ],
    {
      encoding: "utf8",
      env: {
        ...process.env,
        DATABASE_URL: "postgresql://unused@localhost/unused",
        PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
        PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
    },
  );
  rmSync(join(schema, ".."), { recursive: true, force: true });
  return { status: result.status ?? 1, sql: result.stdout, errors: result.stderr };
}

const [command, name] = process.argv.slice(2);
const result = diff();
if (result.status === 1) {
  console.error(`prisma migrate diff failed:\n${result.errors}`);
  process.exit(1);
}
const inSync = result.status === 0;

if (command === "check") {
  if (inSync) {
    console.log("schema.prisma and prisma/migrations agree");
  } else {
    console.error("schema.prisma and prisma/migrations disagree. Missing SQL:\n" + result.sql);
    console.error("Run `pnpm db:new-migration <name>` to add a migration.");
  }
  process.exit(inSync ? 0 : 1);
} else if (command === "new" && name && /^[a-z0-9_]+$/.test(name)) {
  if (inSync) {
    console.log("Nothing to migrate: the migrations already match the schema.");
    process.exit(0);
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "migration.sql"), result.sql);
  console.log(`Wrote ${dir}/migration.sql`);
} else {
  console.error("Usage: migration-diff.ts check | new <snake_case_name>");
  process.exit(1);
}
