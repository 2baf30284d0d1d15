import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const API_SERVER = fileURLToPath(new URL('../../api/src/server.ts', import.meta.url));

it('the API with LOG_LEVEL=loud → exit code 1, the error names LOG_LEVEL and its choices', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', API_SERVER], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'loud' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  child.stdout.resume();
  const [code] = await once(child, 'exit');
  expect(code).toBe(1);
  expect(stderr).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"');
});
