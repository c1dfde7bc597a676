import AxeBuilder from "@axe-core/playwright";
import { expect, type ElementHandle, type JSHandle, type Page } from "@playwright/test";
import {
  changedSides,
  clipAround,
  type FocusedElement,
  type FocusPage,
} from "./focus-ring-pixels.ts";

/** The rule sets of WCAG 2.1 levels A and AA, as axe-core tags them. */
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Runs axe-core on the page as it is now (an open dialog included) and expects no violation. */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  // Let pending fetches land so axe sees the settled page, not a spinner.
  await page.waitForLoadState("networkidle").catch(() => undefined);
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const found = violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? "?"}): ${violation.help}; at ${violation.nodes
        .map((node) => node.target.join(" "))
        .join(", ")}`,
  );
  expect(found, `axe-core WCAG 2.1 AA violations on ${what}`).toEqual([]);
}

/** The focused element's description and box, or null when focus is on the page itself. */
async function focused(page: Page): Promise<FocusedElement | null> {
  return page.evaluate(() => {
    const g = globalThis as unknown as FocusPage;
    const element = g.document.activeElement;
    if (!element || element === g.document.body) return null;
    // Centred, so a ring drawn outside the element is not cut off by the viewport's edge.
    element.scrollIntoView({ block: "center", inline: "nearest" });
    const text = (element.getAttribute("aria-label") ?? element.textContent ?? "")
      .trim()
      .slice(0, 40);
    const box = element.getBoundingClientRect();
    return {
      description: `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}> "${text}"`,
      box: { x: box.x, y: box.y, width: box.width, height: box.height },
    };
  });
}

/**
 * Tabs through the whole page from the top and, for every element that takes focus, compares
 * the screen around it focused and not: each must show a focus indicator on all four sides.
 */
export async function expectVisibleFocusOnEveryElement(page: Page, what: string): Promise<number> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  // Start from the top of the document, as a keyboard user arriving on the page does.
  await page.evaluate(() => {
    const g = globalThis as unknown as FocusPage;
    g.document.activeElement?.blur();
  });
  await page.mouse.move(0, 0);
  const checked: JSHandle[] = [];
  const problems: string[] = [];
  for (let step = 0; step < 200; step++) {
    await page.keyboard.press("Tab");
    const element = await focused(page);
    if (!element) break;
    const handle = await page.evaluateHandle(
      () => (globalThis as unknown as FocusPage).document.activeElement,
    );
    // Back at an element already checked: the Tab order has wrapped around.
    const again = await page.evaluate(
      ([current, ...earlier]) => earlier.includes(current),
      [handle, ...checked],
    );
    if (again) break;
    checked.push(handle);
    const clip = clipAround(element.box, viewport);
    if (clip.width <= 0 || clip.height <= 0) {
      problems.push(`${element.description} is focused off screen`);
      continue;
    }
    const withFocus = await page.screenshot({ clip, animations: "disabled", caret: "hide" });
    await page.evaluate(() => (globalThis as unknown as FocusPage).document.activeElement?.blur());
    const withoutFocus = await page.screenshot({ clip, animations: "disabled", caret: "hide" });
    // Focus it again, so the next Tab moves on from here.
    await (handle as ElementHandle).focus();
    const sides = await changedSides(page, withoutFocus, withFocus, clip, element.box);
    const missing = Object.entries(sides)
      .filter(([, visible]) => !visible)
      .map(([side]) => side);
    if (missing.length > 0) {
      problems.push(`${element.description}: no visible focus indicator at ${missing.join(", ")}`);
    }
  }
  expect(problems, `focus indicators on ${what}`).toEqual([]);
  return checked.length;
}
