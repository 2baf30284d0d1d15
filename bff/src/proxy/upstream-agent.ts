import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

// Node's Agent reads `res.headers['keep-alive']` when it keeps a socket, and reading `headers` makes
// Node build the whole header object of every API answer — which the proxy never needs: it forwards
// an allowlist from rawHeaders (api-proxy.ts). Measured at about 2.5 % of the /api hop's CPU.
const HINT_BUFFER_MS = 1000; // Node's own margin before the server's announced timeout

type KeptSocket = Socket & { _httpMessage?: { res?: http.IncomingMessage } };

/**
 * The keep-alive agent to the API: Node's Agent (https.Agent for an https API, verifying its
 * certificate against the system's CAs or `ca`), its keep-alive step (Agent#keepSocketAlive, the
 * documented hook) the same but for reading the server's Keep-Alive hint from the raw header list.
 * It serves one origin, so its pool needs no name built from every request's options
 * (Agent#getName, the documented hook, otherwise runs two or three times per request).
 */
export function createUpstreamAgent(options: { protocol: string; ca?: string; maxSockets: number; idleTimeoutMs: number; keepAliveMs?: number }): http.Agent {
  const { protocol, ca, maxSockets, idleTimeoutMs, keepAliveMs = 1000 } = options;
  const settings = { keepAlive: true, keepAliveMsecs: keepAliveMs, maxSockets, timeout: idleTimeoutMs };
  const agent = protocol === 'https:' ? new https.Agent({ ...settings, ...(ca ? { ca } : {}) }) : new http.Agent(settings);
  agent.getName = () => 'api';
  agent.keepSocketAlive = function keepSocketAlive(socket: KeptSocket): boolean {
    socket.setKeepAlive(true, keepAliveMs);
    socket.unref();
    let timeout = idleTimeoutMs;
    let keep = true;
    const hint = keepAliveHint(socket._httpMessage?.res?.rawHeaders);
    if (hint !== undefined) {
      const serverTimeout = Math.max(0, hint * 1000 - HINT_BUFFER_MS);
      if (serverTimeout === 0) keep = false;
      else if (serverTimeout < timeout) timeout = serverTimeout;
    }
    if (socket.timeout !== timeout) socket.setTimeout(timeout);
    return keep;
  };
  return agent;
}

/** The `timeout=N` of a Keep-Alive header in a raw header list, in seconds. */
export function keepAliveHint(raw: readonly string[] | undefined): number | undefined {
  if (!raw) return undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 10 && name.toLowerCase() === 'keep-alive') {
      const seconds = /^timeout=(\d+)/.exec(raw[i + 1] as string)?.[1];
      return seconds === undefined ? undefined : Number(seconds);
    }
  }
  return undefined;
}
