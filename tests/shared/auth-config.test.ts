import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseAuthConfig, readAuthConfig } from '@vue-bff/shared';
import { afterAll, describe, expect, it } from 'vitest';

// auth_config.json is edited by hand: each mistake is named with the file, the line, the column and
// what is wrong, and the line is shown with a caret under the column.

const FILE = '/srv/auth_config.json';
const problemsOf = (text: string) => parseAuthConfig(text, FILE).problems;

describe('syntax mistakes → file, line, column, the mistake in words, the line with a caret', () => {
  it.each([
    ['a trailing comma', '{\n  "clientId": "bff-demo",\n  "audience": "https://api.example.com",\n}\n',
      `${FILE}, line 3 column 40: a comma before "}": JSON allows no trailing comma, remove it\n3 |   "audience": "https://api.example.com",\n  |                                        ^`],
    ['a missing comma (shown where it belongs)', '{\n  "clientId": "bff-demo"\n  "audience": "https://api.example.com"\n}\n',
      `${FILE}, line 2 column 25: missing comma after the value of "clientId"\n2 |   "clientId": "bff-demo"\n  |                         ^`],
    ['single-quoted names', "{\n  'clientId': 'bff-demo'\n}\n",
      `${FILE}, line 2 column 3: property names need double quotes ("), not single quotes\n2 |   'clientId': 'bff-demo'\n  |   ^`],
    ['an unquoted name', '{\n  clientId: "bff-demo"\n}\n',
      `${FILE}, line 2 column 3: property names need double quotes: write "clientId"\n2 |   clientId: "bff-demo"\n  |   ^`],
    ['an unquoted value', '{\n  "audience": https://api.example.com\n}\n',
      `${FILE}, line 2 column 15: text values need double quotes: write "https://api.example.com"\n2 |   "audience": https://api.example.com\n  |               ^`],
    ['a comment', '{\n  // the client\n  "clientId": "bff-demo"\n}\n',
      `${FILE}, line 2 column 3: JSON allows no comments: remove it\n2 |   // the client\n  |   ^`],
    ['a string left open', '{\n  "clientId": "bff-demo,\n  "audience": "x"\n}\n',
      `${FILE}, line 2 column 15: this string is not closed on its line: add the closing "\n2 |   "clientId": "bff-demo,\n  |               ^`],
    ['a missing colon', '{\n  "clientId" "bff-demo"\n}\n',
      `${FILE}, line 2 column 14: expected ":" after "clientId", got '"'\n2 |   "clientId" "bff-demo"\n  |              ^`],
    ['a missing closing brace', '{\n  "clientId": "bff-demo"\n',
      `${FILE}, line 3 column 1: the file ends before the object is closed: add "}"`],
    ['an empty file', '\n',
      `${FILE}, line 1 column 1: the file is empty: it must hold a JSON object such as {"audience": "https://api.example.com"}`],
  ])('%s', (_mistake, text, problem) => {
    expect(problemsOf(text)).toEqual([problem]);
  });
});

describe('valid JSON with wrong content', () => {
  it('a setting that is not a string → named with its line', () => {
    expect(problemsOf('{\n  "audience": 42\n}\n')).toEqual([
      `${FILE}, line 2 column 3: "audience" must be a string in double quotes, got 42\n2 |   "audience": 42\n  |   ^`,
    ]);
  });

  it('a misspelt setting (clientID) → "did you mean clientId?": else it would be ignored in silence', () => {
    expect(problemsOf('{\n  "clientID": "bff-demo"\n}\n')).toEqual([
      `${FILE}, line 2 column 3: unknown key "clientID": did you mean "clientId"?\n2 |   "clientID": "bff-demo"\n  |   ^`,
    ]);
  });

  it('keys of its own (Auth0 sample keys such as "apiOrigin") → accepted', () => {
    expect(problemsOf('{"domain": "t.auth0.com", "apiOrigin": "http://localhost:3001", "errorPath": "/error"}')).toEqual([]);
  });

  it('an array → "must hold a JSON object"', () => {
    expect(problemsOf('["bff-demo"]')).toEqual([`${FILE} must hold a JSON object such as {"audience": "https://api.example.com"}, not an array`]);
  });

  it('a byte-order mark (saved by some Windows editors) → read as if absent', () => {
    expect(parseAuthConfig('\uFEFF{"clientId": "x"}', FILE)).toEqual({ config: { clientId: 'x' }, problems: [] });
  });
});

describe('readAuthConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'auth-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing file → ConfigError naming AUTH_CONFIG and the path', () => {
    expect(() => readAuthConfig(join(dir, 'none.json'), 'BFF configuration')).toThrow(
      `Invalid BFF configuration:\n  - AUTH_CONFIG: cannot read ${join(dir, 'none.json')}: there is no such file; create it (the README shows one) or point AUTH_CONFIG at your auth_config.json`,
    );
  });

  it('a typo → ConfigError whose message keeps the excerpt under its bullet', () => {
    const file = join(dir, 'typo.json');
    writeFileSync(file, '{\n  "clientId": "bff-demo",\n}\n');
    let error: unknown;
    try {
      readAuthConfig(file, 'API configuration');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      `Invalid API configuration:\n  - ${file}, line 2 column 25: a comma before "}": JSON allows no trailing comma, remove it\n`
      + '    2 |   "clientId": "bff-demo",\n      |                         ^',
    );
  });

  it('the repository file → read as it is', () => {
    expect(readAuthConfig(new URL('../../auth_config.json', import.meta.url).pathname)).toMatchObject({ clientId: 'bff-demo' });
  });
});
