// What the integration global setup hands to every test file.
declare module "vitest" {
  export interface ProvidedContext {
    /** A database created for this run, when the suite runs against Postgres. */
    postgresUrl: string | null;
    /** A migrated PGlite directory to copy, when the suite runs against PGlite. */
    pgliteTemplate: string | null;
  }
}

export {};
