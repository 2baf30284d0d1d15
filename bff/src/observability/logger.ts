import { logOutput, type LogFormat } from '@vue-bff/shared';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from '../config.js';

/**
 * Where a secret would sit if any code ever logged a request, a response, a token set, a session
 * or a form body. The request logger logs none of these objects; this is the second line.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-csrf"]',
  'access_token',
  'refresh_token',
  'id_token',
  'logout_token',
  'client_secret',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.logout_token',
  '*.client_secret',
];

function loggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    base: { service: 'bff' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
}

/** The BFF's JSON logger, to stdout or to `destination` (tests capture lines there). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}

/**
 * For server.ts: JSON for everything that collects logs, readable one-line events for a developer
 * at a terminal or under `npm start` (the shared rule, @vue-bff/shared logOutput).
 */
export async function createServerLogger(options: { level: LogLevel; format: LogFormat; production: boolean; tty: boolean }): Promise<Logger> {
  const output = await logOutput(options);
  const logger = createLogger(options.level, output.stream);
  if (output.warning) logger.warn(output.warning);
  return logger;
}
