import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// The bench runs the BFF as the image does: the JavaScript `npm run build` compiles (tsc), not the
// TypeScript that tsx transforms on load. tsx keeps function names by calling a helper
// (Object.defineProperty) for every named closure it creates — per request on the hot path, a
// cost no deployed BFF pays. BENCH_BFF=source measures the sources as tsx runs them instead.
const ROOT = new URL('../../', import.meta.url);
const fromSource = process.env.BENCH_BFF === 'source';

/** Compiles the services to dist/ (a few seconds), unless the sources are measured. */
export function buildBff(): void {
  if (fromSource) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: fileURLToPath(ROOT), stdio: 'inherit' });
}

/** createBff, loadBffConfig and the BFF's transport parts (upstream agent, request body), compiled or from the sources. */
export async function bffModules() {
  const base = fromSource ? 'bff/src/' : 'dist/bff/src/';
  const app = (await import(new URL(`${base}app.js`, ROOT).href)) as typeof import('../../bff/src/app.js');
  const config = (await import(new URL(`${base}config.js`, ROOT).href)) as typeof import('../../bff/src/config.js');
  const agent = (await import(new URL(`${base}proxy/upstream-agent.js`, ROOT).href)) as typeof import('../../bff/src/proxy/upstream-agent.js');
  const body = (await import(new URL(`${base}proxy/request-body.js`, ROOT).href)) as typeof import('../../bff/src/proxy/request-body.js');
  return { createBff: app.createBff, loadBffConfig: config.loadBffConfig, createUpstreamAgent: agent.createUpstreamAgent, requestBody: body.requestBody, compiled: !fromSource };
}
