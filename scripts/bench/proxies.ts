// Benchmark process 2: a bare http-proxy-middleware hop in Express (the floor the issue names), the
// same hop on node:http alone (no Express: what the BFF's /api route runs on), and the BFF's
// transport alone: HPM on node:http set up as the BFF sets it (its agent, a parsed target, no
// default plugins, no pipe for a body-less request, a whole answer in one write) with none of its steps (no cookie, session, token or
// check) — the least any BFF built on these parts costs. The BFFs run in processes of their own
// (one-bff.ts). Its CPU time is read by the parent from /proc, as for every server of the bench.
import http from 'node:http';
import { parse as parseUrl } from 'node:url';
import express from 'express';
import { createProxyMiddleware, proxyEventsPlugin } from 'http-proxy-middleware';
import { bffModules } from './bff-modules.js';
import { listen } from '../../tests/helpers/listen.js';

const { createUpstreamAgent, requestBody } = await bffModules();
const hop = await listen();
const plainHop = await listen();
const transport = await listen();
process.send?.({ urls: { hop: hop.url, plainHop: plainHop.url, transport: transport.url } });
process.on('message', (message: { start?: { api: string } }) => {
  if (!message.start) return;
  const { api } = message.start;
  const app = express();
  app.use('/api', createProxyMiddleware({ target: `${api}/api`, changeOrigin: true, agent: new http.Agent({ keepAlive: true }) }));
  hop.server.on('request', app);
  const plainProxy = createProxyMiddleware({ target: api, changeOrigin: true, agent: new http.Agent({ keepAlive: true }) });
  plainHop.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    void plainProxy(req, res, () => res.writeHead(404).end());
  });
  const body = requestBody();
  const transportProxy = createProxyMiddleware({
    target: parseUrl(api),
    changeOrigin: true,
    xfwd: false,
    agent: createUpstreamAgent({ protocol: 'http:', maxSockets: 256, idleTimeoutMs: 4000 }),
    selfHandleResponse: true,
    ejectPlugins: true,
    plugins: [proxyEventsPlugin],
    buffer: body.source as unknown as NonNullable<Parameters<typeof createProxyMiddleware>[0]>['buffer'],
    on: { start: (req) => body.start(req), proxyRes: (proxyRes, _req, res) => wholeAnswer(proxyRes, res as http.ServerResponse) },
  });
  transport.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    void transportProxy(req, res, () => res.writeHead(404).end());
  });
  process.send?.({ started: true });
});
process.on('disconnect', () => process.exit(0));

/** The API's answer, status, headers and body, in one write (the BFF's way for answers ≤ 64 KB). */
function wholeAnswer(proxyRes: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  proxyRes.on('data', (chunk: Buffer) => chunks.push(chunk));
  proxyRes.on('end', () => {
    res.writeHead(proxyRes.statusCode ?? 502, proxyRes.rawHeaders);
    res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  });
}
process.on('SIGTERM', () => process.exit(0));
