import { describe, expect, it } from 'vitest';
import { interpolatedNames } from './compose-file.js';
import { envNamesReadBy, repoText, SERVICES } from './repo.js';

// README.md's settings table is the one list of settings a deployer reads: it must not
// fall behind the config modules.

const rows = new Set([...repoText('README.md').matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1]));

describe('README.md settings table', () => {
  it('every environment name a service reads → has a row', () => {
    const read = new Set(SERVICES.flatMap((name) => [...envNamesReadBy(name)]));
    expect([...read].filter((name) => !rows.has(name)).sort()).toEqual([]);
  });

  it('every variable compose interpolates → has a row', () => {
    expect([...interpolatedNames()].filter((name) => !rows.has(name))).toEqual([]);
  });
});
