// Preloaded (`--import`) into a server child the bench wants to look inside: answers the
// parent's "memory" message with process.memoryUsage() and the V8 heap's spaces, so a rise
// in RSS can be split into young objects, old ones, large objects (strings over ~128 kB go
// straight there), memory outside the heap (Buffers) and the rest.
import { getHeapSpaceStatistics } from "node:v8";

const spaces = () =>
  Object.fromEntries(
    getHeapSpaceStatistics().map((space) => [space.space_name, space.space_used_size]),
  );

if (process.send) {
  process.on("message", (message) => {
    if (message === "memory")
      process.send?.({ memory: { ...process.memoryUsage(), spaces: spaces() } });
  });
  // The channel alone must not keep the server alive once it has closed everything else.
  process.channel?.unref();
}
