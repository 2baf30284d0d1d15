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
 * For server.ts: human-readable lines for a developer at a terminal, JSON for everything that
 * collects logs. pino-pretty is a development dependency, absent from production images: without
 * it the logger stays JSON and says so once.
 */
export async function createServerLogger(options: { level: LogLevel; format: 'auto' | 'json' | 'pretty'; production: boolean; tty: boolean }): Promise<Logger> {
  const pretty = options.format === 'pretty' || (options.format === 'auto' && !options.production && options.tty);
  if (!pretty) return createLogger(options.level);
  try {
    const { default: pinoPretty } = await import('pino-pretty');
    return createLogger(options.level, pinoPretty({ colorize: options.tty, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', sync: true }));
  } catch {
    const logger = createLogger(options.level);
    logger.warn('LOG_FORMAT=pretty needs the pino-pretty package (a development dependency): logging JSON');
    return logger;
  }
}
