// Where a V8 profile's frame came from: the .ts file (through the compiled server's source
// maps) or the package under node_modules, and the coarse area it belongs to. Shared by the
// CPU and the allocation profile summaries.
import { readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { fileURLToPath } from "node:url";

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    try {
      const path = fileURLToPath(url);
      const payload = JSON.parse(readFileSync(`${path}.map`, "utf8")) as SourceMapPayload;
      maps.set(url, new SourceMap(payload));
    } catch {
      maps.set(url, null);
    }
  }
  return maps.get(url) ?? null;
}

/** The original file of a frame: through the bundle's source map when there is one. */
export function originOf({ url, lineNumber, columnNumber }: CallFrame): string {
  if (!url.startsWith("file:")) return url;
  const entry = sourceMapOf(url)?.findEntry(lineNumber, columnNumber);
  return entry && "originalSource" in entry ? entry.originalSource : url;
}

/** A coarse area: a package under node_modules, a workspace folder, or V8/Node itself. */
export function areaOf(origin: string, name: string): string {
  if (!origin) return name.startsWith("(") ? name : "(native)";
  if (origin.startsWith("node:")) return `node:${origin.slice(5).split("/")[0]}`;
  const modules = origin.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const parts = origin.slice(modules + 13).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? origin);
  }
  const workspace = /(apps\/[^/]+\/src\/[^/]+|packages\/[^/]+\/src)/.exec(origin);
  return workspace?.[1] ?? origin;
}

/** A frame as the summaries list it: its function and where it is. */
export function functionLabel(frame: CallFrame, origin = originOf(frame)): string {
  const where = origin ? `${origin.split("node_modules/").pop()}` : "";
  return `${frame.functionName || "(anonymous)"} ${where}`;
}

/** The `count` largest entries, largest first. */
export const largest = (totals: Map<string, number>, count: number) =>
  [...totals].sort((a, b) => b[1] - a[1]).slice(0, count);
