import { describe, expect, it } from 'vitest';
import { loadBffConfig } from '../../bff/src/config.js';
import { GOOD_BFF_SETTINGS, configProblems } from '../helpers/bff-config.js';

const GOOD = GOOD_BFF_SETTINGS;

const problemsOf = (env: Record<string, string | undefined>) => configProblems({ ...GOOD, ...env });

describe('operations settings', () => {
  it('none set → metrics off, info logs in auto format, 10 s shutdown grace, 1 MiB bodies', () => {
    expect(loadBffConfig(GOOD, {})).toMatchObject({ metricsPort: undefined, logLevel: 'info', logFormat: 'auto', shutdownGraceMs: 10_000, maxBodyBytes: 1_048_576 });
  });

  it('METRICS_PORT=9464, LOG_LEVEL=debug, LOG_FORMAT=json → taken as given', () => {
    expect(loadBffConfig({ ...GOOD, METRICS_PORT: '9464', LOG_LEVEL: 'debug', LOG_FORMAT: 'json' }, {})).toMatchObject({ metricsPort: 9464, logLevel: 'debug', logFormat: 'json' });
  });

  it('METRICS_PORT equal to PORT → refused: metrics stay off the app port', () => {
    expect(problemsOf({ PORT: '3000', METRICS_PORT: '3000' })).toContain('METRICS_PORT must differ from PORT (3000)');
  });

  it('several bad operations settings → one error naming each', () => {
    const message = problemsOf({ METRICS_PORT: 'prom', LOG_LEVEL: 'verbose', LOG_FORMAT: 'xml', SHUTDOWN_GRACE_MS: '-1', MAX_BODY_BYTES: '0' });
    expect(message).toContain('METRICS_PORT must be a whole number of port between 0 and 65535, got "prom"');
    expect(message).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"');
    expect(message).toContain('LOG_FORMAT must be auto, json or pretty, got "xml"');
    expect(message).toContain('SHUTDOWN_GRACE_MS must be a whole number of milliseconds between 0 and 120000, got "-1"');
    expect(message).toContain('MAX_BODY_BYTES must be a whole number of bytes between 1 and 104857600, got "0"');
  });
});
