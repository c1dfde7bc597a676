// Compiles the server and its CLI, with the workspace packages they import, into plain
// JavaScript in apps/server/dist, so production runs no TypeScript loader. Source maps let
// stack traces name the .ts lines (apps/server/bin/inlet-server runs it with them).
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const outdir = `${here}dist`;

// Prisma's query compiler comes as base64 text in a module that the generated client
// imports and decodes. Bundled, V8 held that module's source and the base64 string,
// 2.2 MB each, for as long as the process ran. The bundle reads the WebAssembly from a
// file beside it instead.
const COMPILER_BASE64 = "@prisma/client/runtime/query_compiler_small_bg.postgresql.wasm-base64.mjs";
const COMPILER_FILE = "query-compiler.wasm";
const LOADER =
  /const \{ wasm \} = await import\("([^"]+)"\)\s*return await decodeBase64AsWasm\(wasm\)/;
const compilerFromFile = {
  name: "query-compiler-from-file",
  setup(esbuild) {
    esbuild.onLoad({ filter: /generated[\\/]prisma[\\/]internal[\\/]class\.ts$/ }, ({ path }) => {
      const source = readFileSync(path, "utf8");
      const found = LOADER.exec(source);
      // A Prisma upgrade that loads its compiler differently must fail the build, not the start.
      if (found?.[1] !== COMPILER_BASE64)
        throw new Error(`${path}: Prisma's query compiler loader changed; update build.mjs`);
      const fromFile = `const { readFile } = await import("node:fs/promises")
    return new WebAssembly.Module(await readFile(new URL("./${COMPILER_FILE}", import.meta.url)))`;
      return { contents: source.replace(LOADER, fromFile), loader: "ts" };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const fromDatabasePackage = createRequire(`${here}../../packages/db/package.json`);
const { wasm } = await import(pathToFileURL(fromDatabasePackage.resolve(COMPILER_BASE64)).href);
writeFileSync(`${outdir}/${COMPILER_FILE}`, Buffer.from(wasm, "base64"));
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
  plugins: [compilerFromFile],
  logLevel: "warning",
});
