// Where a server's CPU went: self time of a V8 CPU profile (BENCH_CPU_PROFILE, see
// servers.ts) by source area and by function, mapped through the bundle's source maps so
// the compiled server's samples are charged to the package or .ts file they came from.
// Run: node --import tsx bench/profile-summary.ts <file.cpuprofile> [events] [skip seconds]
// (skip the server's start, so that only the load is summarised).
import { readFileSync } from "node:fs";
import { areaOf, functionLabel, largest, originOf, type CallFrame } from "./source-origin.ts";

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, eventsArg, skipArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [events]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const events = Number(eventsArg ?? NaN);

const skipUs = Number(skipArg ?? 0) * 1e6;
const selfUs = new Map<number, number>();
let elapsedUs = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  elapsedUs += delta;
  if (elapsedUs >= skipUs) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
});
const total = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (us === 0) continue;
  const origin = originOf(node.callFrame);
  const area = areaOf(origin, node.callFrame.functionName);
  byArea.set(area, (byArea.get(area) ?? 0) + us);
  const key = functionLabel(node.callFrame, origin);
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}

const idle = byArea.get("(idle)") ?? 0;
const busy = total - idle;
const line = (label: string, us: number) => {
  const perEvent = Number.isFinite(events)
    ? `  ${(us / events).toFixed(1).padStart(6)} µs/event`
    : "";
  console.log(
    `${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1e3).toFixed(0).padStart(7)} ms${perEvent}  ${label}`,
  );
};
console.log(`busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s sampled`);
console.log("\nby area (self time)");
for (const [area, us] of largest(byArea, 30)) if (area !== "(idle)") line(area, us);
console.log("\nby function (self time)");
for (const [name, us] of largest(byFunction, 41)) if (!name.startsWith("(idle)")) line(name, us);
