// The HTTP ceiling: a bare node:http server that answers 200 without doing any work.
// Run as its own process by the bench (`node --import tsx bench/ceiling-server.ts`).
import { createServer } from "node:http";

const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200);
  response.end();
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  console.log(`listening at http://${process.env.HOST ?? "127.0.0.1"}:${port}`);
});

process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
