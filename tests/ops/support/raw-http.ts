import net from 'node:net';

export type RawResponse = { status: number | undefined; head: string };

/**
 * Writes `request` byte for byte on a new connection (no client-side checks, so malformed input
 * reaches the server as sent) and resolves with the response head; status is undefined when the
 * server closed without answering. Rejects when nothing happens within `timeoutMs`.
 */
export function sendRaw(port: number, request: string | Buffer, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1];
      resolve({ status: status ? Number(status) : undefined, head: received.split('\r\n\r\n', 1)[0] ?? '' });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to: ${String(request).slice(0, 200)}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) finish();
    });
    // The server may answer early (431, 413) and close while we still write: the answer counts.
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(request);
  });
}
