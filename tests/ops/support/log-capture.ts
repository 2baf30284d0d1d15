import type { LogLevel } from '../../../bff/src/config.js';
import { createLogger } from '../../../bff/src/observability/logger.js';

export type LogLine = Record<string, unknown> & { level: number; msg?: string };

/** The BFF's real logger (redaction included), writing JSON lines into memory instead of stdout. */
export function captureLogs(level: LogLevel = 'debug') {
  let text = '';
  const lines: LogLine[] = [];
  const logger = createLogger(level, {
    write(chunk: string) {
      text += chunk;
      for (const line of chunk.split('\n')) if (line) lines.push(JSON.parse(line) as LogLine);
    },
  });
  return {
    logger,
    lines,
    text: () => text,
    audit: (event: string) => lines.filter((line) => line.audit === true && line.event === event),
    requests: (path: string) => lines.filter((line) => (line.req as { path?: string } | undefined)?.path === path && 'res' in line),
  };
}
