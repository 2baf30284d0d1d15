import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpstreamAgent, keepAliveHint } from '../../bff/src/proxy/upstream-agent.js';
import { listen, type Listening } from '../helpers/listen.js';

describe('the agent to the API', () => {
  let server: Listening;
  afterEach(() => server.close());

  /** Three requests one after another through the agent; how many connections the server saw. */
  async function connectionsFor(keepAliveHeader: string) {
    server = await listen((_req, res) => res.writeHead(200, { 'keep-alive': keepAliveHeader, 'content-length': '2' }).end('ok'));
    server.server.keepAliveTimeout = 30_000;
    let connections = 0;
    server.server.on('connection', () => (connections += 1));
    const agent = createUpstreamAgent({ protocol: 'http:', maxSockets: 4, idleTimeoutMs: 4000 });
    for (let i = 0; i < 3; i += 1) {
      await new Promise<void>((resolve, reject) => {
        // The agent's own 'free' listener (kept alive or not) runs before this one: the next request sees its choice.
        agent.once('free', () => resolve());
        http.get(`${server.url}/`, { agent }, (res) => res.resume()).on('error', reject);
      });
    }
    agent.destroy();
    return connections;
  }

  it('the API announces Keep-Alive: timeout=5 → one connection, kept and reused', async () => {
    expect(await connectionsFor('timeout=5')).toBe(1);
  });

  it('the API announces Keep-Alive: timeout=1 → not reused (it would close within Node\'s 1 s margin)', async () => {
    expect(await connectionsFor('timeout=1')).toBe(3);
  });

  it.each([
    [['Content-Type', 'a', 'Keep-Alive', 'timeout=5, max=100'], 5],
    [['keep-alive', 'timeout=12'], 12],
    [['Keep-Alive', 'max=100'], undefined],
    [['Content-Length', '2'], undefined],
  ])('raw headers %j → hint %s', (raw, hint) => {
    expect(keepAliveHint(raw)).toBe(hint);
  });
});
