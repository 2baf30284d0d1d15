import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { scanJson } from './json-syntax.js';
import { excerptAt, positionOf } from './text-position.js';

// auth_config.json: the public settings every service reads (Auth0's quickstart file, extended).
// Hand-edited, so a mistake in it is named with its file, line and column, never as a stack trace.

export const AUTH_CONFIG_KEYS = ['domain', 'issuerBaseURL', 'clientId', 'audience', 'scope', 'appBaseURL', 'apiBaseURL'] as const;

export type AuthConfig = Readonly<Record<string, unknown>>;

/** Reads and checks the file; any problem → one ConfigError for `subject` ("BFF configuration"…). */
export function readAuthConfig(path: string, subject?: string): AuthConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([unreadable(path, (error as NodeJS.ErrnoException).code)], subject);
  }
  const parsed = parseAuthConfig(text, path);
  if (parsed.problems.length > 0) throw new ConfigError(parsed.problems, subject);
  return parsed.config;
}

/** The checks of readAuthConfig on text already read (pure: tests feed it typos). */
export function parseAuthConfig(text: string, path: string): { config: AuthConfig; problems: readonly string[] } {
  // Editors on Windows may save a byte-order mark, which JSON.parse refuses.
  const source = text.replace(/^\uFEFF/, '');
  const scan = scanJson(source);
  // "<file>, line 4 column 3: <what is wrong>", then that line with a caret under the column.
  const at = (offset: number, problem: string) => {
    const { line, column } = positionOf(source, offset);
    const excerpt = excerptAt(source, offset);
    return `${path}, line ${line} column ${column}: ${problem}${excerpt ? `\n${excerpt}` : ''}`;
  };
  if (scan.error) return { config: {}, problems: [at(scan.error.offset, scan.error.problem)] };
  const value: unknown = JSON.parse(source);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { config: {}, problems: [`${path} must hold a JSON object such as {"audience": "https://api.example.com"}, not ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`] };
  }
  const config = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of AUTH_CONFIG_KEYS) {
    const setting = config[key];
    if (setting !== undefined && typeof setting !== 'string') {
      problems.push(at(scan.keyOffsets.get(key) ?? 0, `"${key}" must be a string in double quotes, got ${JSON.stringify(setting)}`));
    }
  }
  for (const key of Object.keys(config)) {
    const meant = AUTH_CONFIG_KEYS.find((known) => known !== key && config[known] === undefined && looksLike(key, known));
    if (meant) problems.push(at(scan.keyOffsets.get(key) ?? 0, `unknown key "${key}": did you mean "${meant}"?`));
  }
  return { config: Object.freeze({ ...config }), problems };
}

function unreadable(path: string, code: string | undefined): string {
  const fix = 'create it (the README shows one) or point AUTH_CONFIG at your auth_config.json';
  if (code === 'ENOENT') return `AUTH_CONFIG: cannot read ${path}: there is no such file; ${fix}`;
  if (code === 'EISDIR') return `AUTH_CONFIG: cannot read ${path}: it is a directory; point AUTH_CONFIG at the file itself`;
  return `AUTH_CONFIG: cannot read ${path} (${code ?? 'unknown error'}); ${fix}`;
}

// A key the user surely meant as a known one: the same ignoring case, or at most two edits away.
function looksLike(key: string, known: string): boolean {
  if (key.toLowerCase() === known.toLowerCase()) return true;
  return key.length >= 4 && editDistance(key.toLowerCase(), known.toLowerCase()) <= 2;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
