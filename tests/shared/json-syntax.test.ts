import { readFileSync } from 'node:fs';
import { scanJson } from '@vue-bff/shared';
import { describe, expect, it } from 'vitest';

// The scanner only explains what JSON.parse refused: it must refuse exactly what JSON.parse refuses.

const AUTH_CONFIG = readFileSync(new URL('../../auth_config.json', import.meta.url), 'utf8');
const SAMPLE = `${AUTH_CONFIG.trimEnd().slice(0, -1)},\n  "extra": [1, -2.5e3, true, false, null, {"a": "\\u00e9\\n\\"x\\""}, []]\n}\n`;
const ALPHABET = ' \t\n{}[]:,"\'\\/-+.0123456789eEtruefalsn*abcxyz\u0001';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Deterministic edits of a valid file: delete, insert or replace one to three characters. */
function* mutations(text: string, count: number): Generator<string> {
  let seed = 20_251_129;
  const random = (limit: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % limit;
  };
  for (let n = 0; n < count; n += 1) {
    let mutated = text;
    for (let edit = 0; edit <= random(3); edit += 1) {
      const at = random(mutated.length + 1);
      const char = ALPHABET[random(ALPHABET.length)] ?? ' ';
      const kind = random(3);
      mutated = kind === 0 ? mutated.slice(0, at) + mutated.slice(at + 1) : mutated.slice(0, at) + char + mutated.slice(at + (kind === 1 ? 0 : 1));
    }
    yield mutated;
  }
}

// The corners random edits rarely reach: trailing commas, numbers, escapes, literals, what follows the value.
const CORNERS = [
  '{"a":1,}', '[1,]', '{,}', '[,1]', '[1 2]', '{"a" 1}', '{"a":1}}', '{"a":1} x', '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":-}',
  '{"a":1e}', '{"a":+1}', '{"a":-0.5E+3}', '{"a":"\\x"}', '{"a":"\\u12"}', '{"a":"\\u00e9"}', '{"a":"\t"}', '{"a":"\u2028"}',
  '{"a":tru}', '{"a":nul}', '{"a":true}', '[]', '{}', ' {"a":[]} ', '"text"', '1', 'null', '', ' ', '{"a":"b"', '{"a":[1,2}', '{"a":/*x*/1}',
];

describe('scanJson', () => {
  it.each(CORNERS)('%j → refused exactly when JSON.parse refuses it', (text) => {
    expect(scanJson(text).error === undefined).toBe(parses(text));
  });

  it('3000 random edits of a settings file → refuses exactly what JSON.parse refuses', () => {
    const disagreements = [...mutations(SAMPLE, 3000)].filter((text) => (scanJson(text).error === undefined) !== parses(text));
    expect(disagreements.slice(0, 3)).toEqual([]);
  });

  it('a valid file → no error, and where each top-level key starts', () => {
    const scan = scanJson('{\n  "domain": "x",\n  "nested": {"domain": "y"}\n}');
    expect([scan.error, [...scan.keyOffsets]]).toEqual([undefined, [['domain', 4], ['nested', 21]]]);
  });
});
