import { describe, expect, it } from 'vitest';
import { prefixLines } from '../../scripts/start/prefix-lines.js';

describe('prefixLines', () => {
  it('chunks that end mid-line → each whole line once, behind one prefix', () => {
    let out = '';
    const sink = prefixLines('[api]', (text) => void (out += text));
    for (const chunk of ['first li', 'ne\nsecond line\nthi', 'rd']) sink.push(chunk);
    sink.end();
    expect(out).toBe('[api] first line\n[api] second line\n[api] third\n');
  });

  it('a stack trace → one prefixed line per frame', () => {
    let out = '';
    const sink = prefixLines('[bff]', (text) => void (out += text));
    sink.push('Error: boom\r\n    at a (x.ts:1:1)\n    at b (y.ts:2:2)\n');
    expect(out.split('\n')).toEqual(['[bff] Error: boom', '[bff]     at a (x.ts:1:1)', '[bff]     at b (y.ts:2:2)', '']);
  });
});
