// The e2e programs compile without the DOM library (they run in Node), but the callbacks given
// to page.evaluate run in the browser: this names the few browser globals they touch. Cast
// `globalThis` to it inside a callback (only types cross into the page, not functions).

interface ShopSdk {
  trackEvent(name: string, props?: { eventData?: Record<string, unknown> }): Promise<void>;
  identify(props: { identifier: string; displayName?: string }): Promise<void>;
}

export interface InPage {
  navigator: { webdriver: boolean; clipboard: { readText(): Promise<string> } };
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
  /** Set only if injected markup ever ran. */
  __xss?: number;
  /** The web SDK as the test site's page exposes it. */
  shopSdk: ShopSdk;
}
