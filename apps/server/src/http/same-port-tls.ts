import type { Server } from "node:http";
import type { Socket } from "node:net";
import tls from "node:tls";

// Every TLS connection opens with a handshake record, whose first byte is 0x16; an HTTP
// request line starts with a letter.
const TLS_HANDSHAKE = 0x16;
// A client that connects and says nothing is not allowed to hold the socket.
const FIRST_BYTE_TIMEOUT_MS = 10_000;

/**
 * Lets an HTTP server also speak HTTPS on the same port: each new connection is read for
 * its first byte, and a TLS handshake is decrypted before the HTTP server sees it. The
 * HTTP server keeps owning every connection, so its timeouts and graceful close apply to
 * both kinds alike.
 */
export function acceptTlsOnSamePort(server: Server, credentials: { cert: string; key: string }) {
  const secureContext = tls.createSecureContext(credentials);
  const httpListeners = server.listeners("connection") as ((socket: Socket) => void)[];
  server.removeAllListeners("connection");
  const handOver = (socket: Socket) => {
    for (const listener of httpListeners) listener.call(server, socket);
  };

  server.on("connection", (socket: Socket) => {
    const onError = () => socket.destroy();
    socket.on("error", onError);
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    socket.once("data", (chunk: Buffer) => {
      socket.pause();
      socket.setTimeout(0);
      socket.removeListener("error", onError);
      socket.unshift(chunk);
      if (chunk[0] !== TLS_HANDSHAKE) {
        handOver(socket);
        // The HTTP server reads the rest straight from the connection; the first chunk
        // waits in the stream's buffer until the stream flows again.
        socket.resume();
        return;
      }
      const secure = new tls.TLSSocket(socket, {
        isServer: true,
        secureContext,
        ALPNProtocols: ["http/1.1"],
      });
      // A failed handshake (an untrusting client, a scanner) closes only its own socket.
      secure.on("error", () => secure.destroy());
      handOver(secure);
    });
  });
}
