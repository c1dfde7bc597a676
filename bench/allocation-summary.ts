// Where a server's allocations came from: a sampling heap profile of the load (written with
// BENCH_ALLOCATIONS, see phases.ts; collected objects included) by source area and by
// function, in bytes per accepted event. What is allocated is what the garbage collector
// later pays for, a figure that varies far less from run to run than CPU time.
// Run: node --import tsx bench/allocation-summary.ts <file.heapprofile> <events>
import { readFileSync } from "node:fs";
import { areaOf, functionLabel, largest, originOf, type CallFrame } from "./source-origin.ts";

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

const [file, eventsArg] = process.argv.slice(2);
const events = Number(eventsArg);
if (!file || !(events > 0))
  throw new Error("usage: allocation-summary.ts <file.heapprofile> <events>");
const { head } = JSON.parse(readFileSync(file, "utf8")) as { head: HeapNode };

const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
const visit = (node: HeapNode) => {
  if (node.selfSize > 0) {
    const origin = originOf(node.callFrame);
    const area = areaOf(origin, node.callFrame.functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + node.selfSize);
    const label = functionLabel(node.callFrame, origin);
    byFunction.set(label, (byFunction.get(label) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  node.children.forEach(visit);
};
visit(head);

const line = (label: string, bytes: number) =>
  console.log(
    `${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${Math.round(bytes / events)
      .toLocaleString("en-US")
      .padStart(7)} B/event  ${label}`,
  );
console.log(`${Math.round(total / events).toLocaleString("en-US")} bytes allocated per event`);
console.log("\nby area");
for (const [area, bytes] of largest(byArea, 25)) line(area, bytes);
console.log("\nby function (run the server with --no-turbo-inlining to split inlined callees)");
for (const [name, bytes] of largest(byFunction, 40)) line(name, bytes);
