// The start banner: the address, the first-admin step on a new install, and the local CA's path.
import { describe, expect, it } from "vitest";
import { startBanner } from "./start-banner.ts";

describe("startBanner", () => {
  const url = "http://127.0.0.1:3000";
  const localTls = { url: "https://127.0.0.1:3000", caFile: "/srv/inlet/.inlet/tls/ca.pem" };

  it("tells a new install to open the address to create the first admin", () => {
    const banner = startBanner({ url, localTls: undefined, needsFirstAdmin: true });
    expect(banner.split("\n")).toEqual([
      "Inlet is running at http://127.0.0.1:3000",
      "Open http://127.0.0.1:3000 in a browser to create the first admin.",
    ]);
  });

  it("names the local CA file and how Node clients trust it", () => {
    const banner = startBanner({ url, localTls, needsFirstAdmin: false });
    expect(banner).not.toContain("first admin");
    expect(banner).toContain("https://127.0.0.1:3000");
    expect(banner).toContain("NODE_EXTRA_CA_CERTS=/srv/inlet/.inlet/tls/ca.pem");
    expect(banner).toContain("INLET_LOCAL_TLS=false");
  });
});
