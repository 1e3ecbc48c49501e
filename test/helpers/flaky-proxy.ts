// A TCP forwarder in front of a real server that cuts the first `failFirst` connections as
// soon as they open: a server that restarts, fails over or sheds load, as a client sees it.
// Lets a test show that a step retries after a broken connection and then succeeds against
// the real server, without killing a server other tests share.
import net from 'node:net';

export type FlakyProxy = {
  port: number;
  /** Connections accepted so far, cut or forwarded. */
  readonly connections: number;
  close(): Promise<void>;
};

export async function startFlakyProxy(target: { host: string; port: number }, failFirst: number): Promise<FlakyProxy> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (connections <= failFirst) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
