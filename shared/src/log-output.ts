import type { DestinationStream } from 'pino';

export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type LogOutput = Readonly<{
  /** Where pino writes; undefined: JSON lines on stdout. */
  stream?: DestinationStream;
  /** Something to log once the logger exists (pretty was asked for but cannot be had). */
  warning?: string;
}>;

/**
 * JSON for everything that collects logs (containers, production, files); for a developer at a
 * terminal, or under `npm start` (which asks with LOG_FORMAT=pretty), one readable line per event:
 * time, level, message, then the event's fields as compact JSON on the same line, and an error's
 * stack below it, indented. No service name: `npm start` prefixes each line with it, once.
 * Colours follow the terminal (FORCE_COLOR, which npm start sets on a colour terminal, and NO_COLOR).
 * pino-pretty is a development dependency, absent from the images: without it, JSON, said once.
 */
export async function logOutput(options: {
  format: LogFormat;
  production: boolean;
  tty: boolean;
  /** Where readable lines go; default stdout (tests capture them). */
  destination?: NodeJS.WritableStream;
}): Promise<LogOutput> {
  const pretty = options.format === 'pretty' || (options.format === 'auto' && !options.production && options.tty);
  if (!pretty) return {};
  try {
    const { default: pinoPretty } = await import('pino-pretty');
    const { destination } = options;
    return {
      stream: pinoPretty({ translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service,name', singleLine: true, sync: true, ...(destination ? { destination } : {}) }),
    };
  } catch {
    return { warning: 'LOG_FORMAT=pretty needs the pino-pretty package (a development dependency): logging JSON' };
  }
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_LEVEL and LOG_FORMAT for the services that read them in server.ts (the BFF has them in its config). */
export function readLogSettings(env: Readonly<Record<string, string | undefined>>): { level: LogLevel; format: LogFormat; problems: string[] } {
  const problems: string[] = [];
  const level = env.LOG_LEVEL?.trim() || 'info';
  const format = env.LOG_FORMAT?.trim() || 'auto';
  const knownLevel = (LOG_LEVELS as readonly string[]).includes(level);
  const knownFormat = (LOG_FORMATS as readonly string[]).includes(format);
  if (!knownLevel) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  if (!knownFormat) problems.push(`LOG_FORMAT must be auto, json or pretty, got "${format}"`);
  return { level: knownLevel ? (level as LogLevel) : 'info', format: knownFormat ? (format as LogFormat) : 'auto', problems };
}
