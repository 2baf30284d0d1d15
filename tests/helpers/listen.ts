import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Listening = { server: http.Server; url: string; port: number; close: () => Promise<void> };

/**
 * Starts an HTTP server on a free loopback port. The handler may be attached later
 * (`server.on('request', handler)`), so services that must know each other's URLs
 * (the IdP needs the BFF's redirect URI, the BFF needs the issuer) can reserve ports first.
 */
export async function listen(handler?: http.RequestListener, host = '127.0.0.1'): Promise<Listening> {
  const server = http.createServer();
  if (handler) server.on('request', handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    // An IP literal: "localhost" may resolve to ::1 first while the server listens on IPv4.
    url: `http://${host}:${port}`,
    close: () => closeServer(server),
  };
}

/** Closes the server and every keep-alive socket, so a restart on the same port is clean. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
