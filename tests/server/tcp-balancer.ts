import net from 'node:net';

// A load balancer for the tests of several nodes: each new TCP connection goes to the next
// node in turn, skipping one that refuses (a killed node), as nginx's `proxy_next_upstream`
// does. Plain TCP, so websockets pass through untouched.

export interface Balancer {
  url: string;
  wsUrl: string;
  close(): Promise<void>;
}

export async function startBalancer(ports: () => number[]): Promise<Balancer> {
  let turn = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    const candidates = ports();
    const tryNode = (attempt: number): void => {
      if (attempt >= candidates.length) {
        client.destroy();
        return;
      }
      const port = candidates[(turn + attempt) % candidates.length] ?? 0;
      const upstream = net.connect(port, '127.0.0.1');
      upstream.once('connect', () => {
        turn = (turn + attempt + 1) % candidates.length;
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
      upstream.once('error', () => tryNode(attempt + 1));
    };
    tryNode(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
