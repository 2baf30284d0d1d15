import { PassThrough } from 'node:stream';
import { logOutput, readLogSettings } from '@vue-bff/shared';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

// Readable one-line events for a developer (npm start asks with LOG_FORMAT=pretty); JSON for
// everything that collects logs.

async function prettyLines(log: (logger: pino.Logger) => void): Promise<string[]> {
  const destination = new PassThrough();
  let text = '';
  destination.on('data', (chunk: Buffer) => void (text += chunk.toString()));
  const output = await logOutput({ format: 'pretty', production: false, tty: false, destination });
  if (!output.stream) throw new Error('pino-pretty is a development dependency and should load here');
  log(pino({ name: 'api', base: { service: 'api' } }, output.stream));
  return text.split('\n').filter(Boolean);
}

describe('logOutput', () => {
  it('pretty → time, level and message on one line, the fields as JSON on the same line, no service name', async () => {
    const lines = await prettyLines((logger) => logger.warn({ jwksUri: 'https://t.auth0.com/.well-known/jwks.json' }, 'JWKS fetch failed'));
    expect(lines).toEqual([expect.stringMatching(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: JWKS fetch failed \{"jwksUri":"https:\/\/t\.auth0\.com\/\.well-known\/jwks\.json"\}$/)]);
  });

  it('pretty with an error → its stack below the event, one frame per line', async () => {
    const lines = await prettyLines((logger) => logger.error({ err: new Error('boom') }, 'request failed'));
    expect([lines[0], lines.some((line) => /^\s+Error: boom$/.test(line)), lines.some((line) => /^\s+at /.test(line))])
      .toEqual([expect.stringMatching(/ ERROR: request failed ?$/), true, true]);
  });

  it.each([
    ['json on a terminal', { format: 'json', production: false, tty: true }],
    ['auto in production', { format: 'auto', production: true, tty: true }],
    ['auto without a terminal (a container, a file)', { format: 'auto', production: false, tty: false }],
  ] as const)('%s → JSON lines on stdout', async (_situation, options) => {
    expect(await logOutput(options)).toEqual({});
  });
});

describe('readLogSettings', () => {
  it('unknown LOG_LEVEL and LOG_FORMAT → one problem each, naming the setting and its choices', () => {
    expect(readLogSettings({ LOG_LEVEL: 'loud', LOG_FORMAT: 'xml' }).problems).toEqual([
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'LOG_FORMAT must be auto, json or pretty, got "xml"',
    ]);
  });
});
