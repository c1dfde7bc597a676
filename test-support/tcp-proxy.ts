import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A TCP relay the test controls, so it can break a server's database connections without
 * touching the shared database itself: a hard cut (connections reset, new ones refused) or
 * a silent freeze (connections stay open and carry nothing, as behind a dropped NAT entry
 * or a hung load balancer).
 */
export interface TcpProxy {
  port: number;
  /** Destroys every relayed connection and refuses new ones until `restore`. */
  cut(): void;
  restore(): void;
  /** Drops every byte in both directions, on old and new connections, until `thaw`. */
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let open = true;
  let frozen = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  // Bytes sent during a freeze are lost for good, so a connection that lived through one
  // is silently broken: only a deadline on its reader can notice.
  const relay = (from: Socket, to: Socket) => {
    from.on("data", (chunk: Buffer) => {
      if (!frozen) to.write(chunk);
    });
    from.on("close", () => to.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    track(upstream);
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy has no port");
  return {
    port: address.port,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      open = true;
    },
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
