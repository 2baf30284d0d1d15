import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

// A typo in auth_config.json used to end each service with a raw stack trace that never named the
// file. Every service and npm start now name the file, the line, the column and the mistake.

const dir = mkdtempSync(join(tmpdir(), 'auth-config-typo-'));
const file = join(dir, 'auth_config.json');
writeFileSync(file, '{\n  "domain": "localhost:4000",\n  "clientId": "bff-demo"\n  "audience": "https://api.bff-demo.local"\n}\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problem = `${file}, line 3 column 25: missing comma after the value of "clientId"\n`
  + '    3 |   "clientId": "bff-demo"\n      |                         ^';

it.each([
  ['the BFF', 'bff/src/server.ts', 'BFF configuration'],
  ['the API', 'api/src/server.ts', 'API configuration'],
  ['the dev IdP', 'idp/src/server.ts', 'development IdP configuration'],
  ['npm start', 'scripts/start.ts', 'npm start settings'],
])('%s with a missing comma → exit 1, the file, line, column and mistake, no stack trace', async (_name, entry, subject) => {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: new URL('../../', import.meta.url),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', AUTH_CONFIG: file, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  child.stdout.resume();
  const [code] = await once(child, 'exit');
  expect([code, stderr]).toEqual([1, `Invalid ${subject}:\n  - ${problem}\n`]);
});
