import AxeBuilder from "@axe-core/playwright";
import { expect, type ElementHandle, type JSHandle, type Page } from "@playwright/test";

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

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface FocusedElement {
  description: string;
  box: Box;
}

// The browser globals the callbacks below touch (the e2e programs compile without the DOM lib).
interface FocusPage {
  document: { activeElement: FocusTarget | null; body: FocusTarget };
  innerWidth: number;
  innerHeight: number;
  atob(text: string): string;
  createImageBitmap(blob: unknown): Promise<unknown>;
  Blob: new (parts: unknown[], options: { type: string }) => unknown;
  OffscreenCanvas: new (
    width: number,
    height: number,
  ) => {
    getContext(kind: "2d"): {
      drawImage(image: unknown, x: number, y: number): void;
      getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
    };
  };
}
interface FocusTarget {
  tagName: string;
  id: string;
  className: unknown;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
  blur(): void;
  focus(): void;
  scrollIntoView(options: { block: string; inline: string }): void;
}

const MARGIN = 10;

/** Where a focus ring may be drawn: the element's box and a margin, within the viewport. */
function clipAround(box: Box, viewport: { width: number; height: number }): Box {
  const x = Math.max(0, Math.floor(box.x - MARGIN));
  const y = Math.max(0, Math.floor(box.y - MARGIN));
  const right = Math.min(viewport.width, Math.ceil(box.x + box.width + MARGIN));
  const bottom = Math.min(viewport.height, Math.ceil(box.y + box.height + MARGIN));
  return { x, y, width: right - x, height: bottom - y };
}

/**
 * Which sides of the element show a change between the two screenshots: the top and bottom
 * edges must change along at least half the element's width, the left and right along
 * half its height, so a ring clipped to its side edges (or hidden entirely) fails.
 */
async function changedSides(page: Page, before: Buffer, after: Buffer, clip: Box, box: Box) {
  return page.evaluate(
    async ({ before, after, clip, box }) => {
      const g = globalThis as unknown as FocusPage;
      const pixels = async (base64: string) => {
        const binary = g.atob(base64);
        const bytes = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
        const image = await g.createImageBitmap(new g.Blob([bytes], { type: "image/png" }));
        const canvas = new g.OffscreenCanvas(clip.width, clip.height);
        const context = canvas.getContext("2d");
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, clip.width, clip.height).data;
      };
      const [a, b] = [await pixels(before), await pixels(after)];
      const changed = (x: number, y: number) => {
        if (x < 0 || y < 0 || x >= clip.width || y >= clip.height) return false;
        const i = (y * clip.width + x) * 4;
        return (
          Math.abs(a[i]! - b[i]!) +
            Math.abs(a[i + 1]! - b[i + 1]!) +
            Math.abs(a[i + 2]! - b[i + 2]!) >
          30
        );
      };
      // The element's edges in the clip's coordinates; a band reaches from the margin
      // outside an edge to 3 px inside it.
      const left = Math.round(box.x - clip.x);
      const top = Math.round(box.y - clip.y);
      const right = Math.round(box.x + box.width - clip.x);
      const bottom = Math.round(box.y + box.height - clip.y);
      const rowBand = (from: number, to: number) => {
        let covered = 0;
        for (let x = left; x < right; x++) {
          for (let y = from; y < to; y++) {
            if (changed(x, y)) {
              covered++;
              break;
            }
          }
        }
        return covered >= (right - left) / 2;
      };
      const columnBand = (from: number, to: number) => {
        let covered = 0;
        for (let y = top; y < bottom; y++) {
          for (let x = from; x < to; x++) {
            if (changed(x, y)) {
              covered++;
              break;
            }
          }
        }
        return covered >= (bottom - top) / 2;
      };
      return {
        top: rowBand(top - 10, top + 3),
        bottom: rowBand(bottom - 3, bottom + 10),
        left: columnBand(left - 10, left + 3),
        right: columnBand(right - 3, right + 10),
      };
    },
    { before: before.toString("base64"), after: after.toString("base64"), clip, box },
  );
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
