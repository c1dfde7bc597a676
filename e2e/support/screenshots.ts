import { expect, type Page } from "@playwright/test";
import type { InPage } from "./in-page.ts";

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
const DIR = "test-results/screenshots";

/**
 * Saves the page at desktop and phone width (full page), and fails if anything makes the
 * page scroll sideways on the phone. Leaves the page at desktop width.
 */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  for (const [label, size] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    // Let layout settle after the resize (and fonts, and any pending fetches).
    await page.waitForLoadState("networkidle").catch(() => undefined);
    if (label === "phone") {
      const overflow = await page.evaluate(() => {
        const root = (globalThis as unknown as InPage).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect(overflow, `${name} scrolls sideways at phone width`).toBeLessThanOrEqual(0);
    }
    await page.screenshot({ path: `${DIR}/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}
