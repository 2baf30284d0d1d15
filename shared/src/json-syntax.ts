// JSON.parse says only "Expected ',' or '}' after property value in JSON at position 57", and the
// wording changes with each V8. A settings file is edited by hand, so the reader wants the line, the
// column and the mistake in words (a trailing comma, single quotes, a comment, a missing comma).
// This scanner follows RFC 8259 exactly and reports the first place where the text stops being JSON;
// JSON.parse still does the parsing, this runs only to explain a failure (and to locate keys).

export type JsonScan = Readonly<{
  /** The first syntax error: where (a string index) and what, in words; undefined when the text is JSON. */
  error?: Readonly<{ offset: number; problem: string }>;
  /** Where each property name of the top-level object starts (for "line 4: "audience" must be a string"). */
  keyOffsets: ReadonlyMap<string, number>;
}>;

class SyntaxProblem extends Error {
  constructor(readonly offset: number, readonly problem: string) {
    super(problem);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
// An unquoted value runs to the next delimiter: `bff-demo`, `https://api.example.com`.
const BARE_VALUE = /[^\s,{}[\]"']+/y;

export function scanJson(text: string): JsonScan {
  const keyOffsets = new Map<string, number>();
  let i = 0;
  let depth = 0;

  const shown = (at: number): string => {
    const char = text[at];
    if (char === undefined) return 'the end of the file';
    if (char === '"') return `'"'`;
    const code = char.charCodeAt(0);
    return code < 0x20 ? `a control character (U+${code.toString(16).padStart(4, '0').toUpperCase()})` : `"${char}"`;
  };
  const fail = (at: number, problem: string): never => {
    throw new SyntaxProblem(at, problem);
  };

  function skipSpace(): void {
    while (i < text.length) {
      const char = text[i];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') i += 1;
      else if (char === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) fail(i, 'JSON allows no comments: remove it');
      else return;
    }
  }

  function string(): string {
    const start = i;
    i += 1;
    while (i < text.length) {
      const char = text[i] ?? '';
      if (char === '"') {
        i += 1;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (char === '\n' || char === '\r') fail(start, 'this string is not closed on its line: add the closing "');
      if (char.charCodeAt(0) < 0x20) fail(i, `${shown(i)} inside a string: write it as an escape such as \\t`);
      if (char === '\\') {
        const escape = text[i + 1] ?? '';
        if (escape === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)) : !'"\\/bfnrt'.includes(escape) || escape === '') {
          fail(i, `invalid escape "\\${escape}" in a string: a backslash is written "\\\\"`);
        }
        i += escape === 'u' ? 6 : 2;
      } else {
        i += 1;
      }
    }
    return fail(start, 'this string is not closed: add the closing "');
  }

  function word(): void {
    BARE_VALUE.lastIndex = i;
    const found = BARE_VALUE.exec(text)?.[0] ?? '';
    if (found === 'true' || found === 'false' || found === 'null') {
      i += found.length;
      return;
    }
    fail(i, `text values need double quotes: write "${found}"`);
  }

  function number(): void {
    NUMBER.lastIndex = i;
    const found = NUMBER.exec(text)?.[0];
    if (!found || /[\w.+-]/.test(text[i + found.length] ?? '')) fail(i, 'invalid number: write it as 42, -1.5 or 1e3 (no leading zero, no "+")');
    i += found?.length ?? 0;
  }

  function container(open: '{' | '['): void {
    const close = open === '{' ? '}' : ']';
    const what = open === '{' ? 'object' : 'array';
    const top = depth === 0;
    depth += 1;
    i += 1;
    skipSpace();
    if (text[i] === close) {
      i += 1;
      depth -= 1;
      return;
    }
    for (;;) {
      let after = 'the previous value';
      if (open === '{') {
        if (text[i] === "'") fail(i, 'property names need double quotes ("), not single quotes');
        if (text[i] !== '"') {
          IDENTIFIER.lastIndex = i;
          const bare = IDENTIFIER.exec(text)?.[0];
          fail(i, bare ? `property names need double quotes: write "${bare}"` : `expected a property name in double quotes, got ${shown(i)}`);
        }
        const keyAt = i;
        const key = string();
        if (top && !keyOffsets.has(key)) keyOffsets.set(key, keyAt);
        skipSpace();
        if (text[i] !== ':') fail(i, `expected ":" after "${key}", got ${shown(i)}`);
        i += 1;
        after = `the value of "${key}"`;
      }
      value();
      // A missing comma belongs right after the value, not where the next line starts.
      const valueEnd = i;
      skipSpace();
      const next = text[i];
      if (next === close) break;
      if (next === undefined) fail(i, `the file ends before the ${what} is closed: add "${close}"`);
      if (next === '"' || next === '{' || next === '[') fail(valueEnd, `missing comma after ${after}`);
      if (next !== ',') fail(i, `expected "," or "${close}" after ${after}, got ${shown(i)}`);
      const comma = i;
      i += 1;
      skipSpace();
      if (text[i] === close) fail(comma, `a comma before "${close}": JSON allows no trailing comma, remove it`);
    }
    i += 1;
    depth -= 1;
  }

  function value(): void {
    skipSpace();
    const char = text[i];
    if (char === '{' || char === '[') container(char);
    else if (char === '"') string();
    else if (char === "'") fail(i, 'text values need double quotes ("), not single quotes');
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) number();
    else if (char !== undefined && /[A-Za-z_$]/.test(char)) word();
    else fail(i, char === undefined ? 'the file ends where a value was expected' : `unexpected ${shown(i)} where a value was expected`);
  }

  try {
    skipSpace();
    if (i === text.length) fail(0, 'the file is empty: it must hold a JSON object such as {"audience": "https://api.example.com"}');
    value();
    skipSpace();
    if (i < text.length) fail(i, `unexpected ${shown(i)} after the end of the JSON value`);
    return { keyOffsets };
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    return { error: { offset: error.offset, problem: error.problem }, keyOffsets };
  }
}
