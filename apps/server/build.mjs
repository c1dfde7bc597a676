// Compiles the server and its CLI, with the workspace packages they import, into plain
// JavaScript in apps/server/dist, so production runs no TypeScript loader. Source maps let
// stack traces name the .ts lines (apps/server/bin/inlet-server runs it with them).
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const outdir = `${here}dist`;

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: `${here}src/main.ts`, cli: `${here}src/cli/main.ts` },
  outdir,
  bundle: true,
  splitting: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  // V8 keeps each module's source for as long as the process runs. Without whitespace and
  // comments it is a third smaller, and with the licence comments in files beside it, ASCII:
  // one non-Latin-1 character made V8 hold a whole chunk as two bytes per character.
  // Names are kept, and the source maps still lead to the .ts lines.
  minifyWhitespace: true,
  legalComments: "external",
  // Traces need only the mappings; with --enable-source-maps Node keeps every map it loads,
  // and the sources' text in them cost about 37 MB of the idle server's memory.
  sourcesContent: false,
  // PGlite loads its WebAssembly and data files from beside its own module; pg's native
  // binding is optional and not installed.
  external: ["@electric-sql/pglite", "pg-native"],
  // Bundled CommonJS modules call require() for Node's built-ins.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  logLevel: "warning",
});
