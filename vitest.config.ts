import { defineConfig } from "vitest/config";

// Unit tests (`*.test.ts`) touch no I/O; integration tests (`*.int.test.ts`) talk to a
// real database and real servers, against Postgres or PGlite as INLET_TEST_DB says.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{apps,packages}/*/src/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: [
            "{apps,packages}/*/src/**/*.int.test.ts",
            "{apps,packages}/*/test/**/*.int.test.ts",
          ],
          globalSetup: ["./test-support/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
