// Typed linting for every workspace: floating promises are bugs in a server that must
// never lose an acknowledged event.
import { dirname, relative, resolve, sep } from "node:path";
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const root = import.meta.dirname;
const testSupport = resolve(root, "test-support") + sep;

/**
 * A package is used through its name and exports, never by reaching into its files: a
 * relative import from apps/* or packages/* must stay inside its own package. The one
 * exception is test-support/, the workspace's shared test harness.
 */
const packageBoundaries = {
  meta: {
    type: "problem",
    messages: {
      crossing: "'{{source}}' leaves this package; import the other package by its name instead.",
    },
  },
  create(context) {
    const match = /^(apps|packages)[\\/][^\\/]+/.exec(relative(root, context.filename));
    if (!match) return {};
    const own = resolve(root, match[0]) + sep;
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== "string" || !source.startsWith(".")) return;
      const target = resolve(dirname(context.filename), source);
      if (target.startsWith(own) || target.startsWith(testSupport)) return;
      context.report({ node: node.source, messageId: "crossing", data: { source } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/generated/**",
      "test-results/**",
      "playwright-report/**",
      ".inlet/**",
      "**/*.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      // Fastify handlers and plugins are async by contract, awaiting or not.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["apps/**", "packages/**"],
    plugins: { inlet: { rules: { "package-boundaries": packageBoundaries } } },
    rules: { "inlet/package-boundaries": "error" },
  },
  { files: ["eslint.config.js"], ...tseslint.configs.disableTypeChecked },
  {
    files: ["apps/dashboard/**"],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
  },
);
