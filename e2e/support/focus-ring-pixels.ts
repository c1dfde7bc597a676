import type { Page } from "@playwright/test";

// Pixel comparison for the focus check in accessibility.ts: where a ring may be drawn, and
// which of an element's sides changed between a screenshot with focus and one without.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FocusedElement {
  description: string;
  box: Box;
}

// The browser globals the focus check's callbacks touch (the e2e programs compile without the DOM lib).
export interface FocusPage {
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
  scrollIntoView(options: { block: string; inline: string }): void;
}

const MARGIN = 10;

/** Where a focus ring may be drawn: the element's box and a margin, within the viewport. */
export function clipAround(box: Box, viewport: { width: number; height: number }): Box {
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
export async function changedSides(page: Page, before: Buffer, after: Buffer, clip: Box, box: Box) {
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
