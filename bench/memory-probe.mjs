// Preloaded (`--import`) into a server child the bench wants to look inside. It answers the
// parent's "memory" message with process.memoryUsage() and the V8 heap's spaces, so a rise
// in RSS can be split into young objects, old ones, large objects (strings over ~128 kB go
// straight there), memory outside the heap (Buffers) and the rest. It also samples
// allocations between an "allocations-start" and an `{ allocationsTo: file }` message,
// collected objects included: what a load allocates, not what it left behind.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { getHeapSpaceStatistics } from "node:v8";

const spaces = () =>
  Object.fromEntries(
    getHeapSpaceStatistics().map((space) => [space.space_name, space.space_used_size]),
  );

// Connected once: a second connect would throw inside the message handler.
const inspector = new Session();
inspector.connect();
const SAMPLING = {
  samplingInterval: 4_096,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
};

/** Stops sampling and writes the profile; answers the bytes sampled, or null on failure. */
function writeAllocations(file) {
  inspector.post("HeapProfiler.stopSampling", (error, result) => {
    if (error) return void process.send?.({ allocatedBytes: null });
    writeFileSync(file, JSON.stringify(result.profile));
    let bytes = 0;
    const visit = (node) => {
      bytes += node.selfSize;
      node.children.forEach(visit);
    };
    visit(result.profile.head);
    process.send?.({ allocatedBytes: bytes });
  });
}

if (process.send) {
  process.on("message", (message) => {
    if (message === "memory")
      process.send?.({ memory: { ...process.memoryUsage(), spaces: spaces() } });
    if (message === "allocations-start")
      inspector.post("HeapProfiler.startSampling", SAMPLING, (error) =>
        process.send?.({ samplingAllocations: !error }),
      );
    if (typeof message === "object" && message !== null && "allocationsTo" in message)
      writeAllocations(message.allocationsTo);
  });
  // The channel alone must not keep the server alive once it has closed everything else.
  process.channel?.unref();
}
