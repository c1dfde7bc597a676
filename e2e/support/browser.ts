import { existsSync } from "node:fs";
import type { LaunchOptions } from "@playwright/test";

// Debian's Chromium by default (nothing is downloaded); PLAYWRIGHT_CHROMIUM_PATH overrides it,
// and with neither, Playwright's own browser is used if installed.
export const chromiumPath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ??
  (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

const BASE_ARGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/** Launch options shared by every test; specs that need more flags add them here. */
export function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  return {
    ...(chromiumPath && { executablePath: chromiumPath }),
    args: [...BASE_ARGS, ...extraArgs],
  };
}
