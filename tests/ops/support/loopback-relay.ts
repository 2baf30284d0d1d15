import net from 'node:net';

/**
 * A TCP relay on 127.0.0.1 that reaches `port` from the source address `from` (another loopback
 * address such as 127.0.0.2). Redis treats only 127.0.0.1 and ::1 as local: through the relay a
 * BFF looks like a client on another host, as a BFF container does to a Redis in protected mode.
 */
export async function startLoopbackRelay(port: number, from: string): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port, localAddress: from });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
