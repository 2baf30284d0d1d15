import net from 'node:net';
import tls from 'node:tls';
import type { RedisTarget } from './redis-problem.js';

/**
 * What a Redis server says on a new connection before it is asked anything. Normally nothing;
 * a server in protected mode (Debian's default) or at its client limit sends one error line
 * (`-DENIED …`, `-ERR max number of clients reached`) and closes. The Redis client only reports
 * "socket closed unexpectedly" then (PITFALLS.md), so the backend asks again, once, to say why.
 */
export function readRedisGreeting(target: RedisTarget, options: { ca?: string; timeoutMs: number }): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const socket = target.tls
      ? tls.connect({ host: target.host, port: target.port, ca: options.ca, servername: net.isIP(target.host) ? undefined : target.host })
      : net.connect({ host: target.host, port: target.port });
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received.split('\r\n')[0] ?? '');
    };
    const timer = setTimeout(finish, options.timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('\r\n') || received.length > 512) finish();
    });
    socket.once('error', finish);
    socket.once('close', finish);
  });
}
