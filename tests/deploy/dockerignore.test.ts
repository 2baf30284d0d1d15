import { describe, expect, it } from 'vitest';
import { copies, stages } from './dockerfile.js';
import { repoText } from './repo.js';

// .dockerignore keeps local state and secrets out of the build context, and nothing the Dockerfile needs.

const rules = repoText('.dockerignore').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));

// Docker's matching, reduced to what this file uses: `**/` spans directories, `*` stays within one,
// a directory rule covers what is inside it, and a later `!rule` re-includes.
function toRegExp(pattern: string): RegExp {
  const body = pattern.replace(/\/+$/, '').split('**/').map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('(?:.*/)?');
  return new RegExp(`^${body}(?:/.*)?$`);
}

function ignored(path: string): boolean {
  let result = false;
  for (const rule of rules) {
    const negated = rule.startsWith('!');
    if (toRegExp(negated ? rule.slice(1) : rule).test(path)) result = !negated;
  }
  return result;
}

describe('.dockerignore', () => {
  it.each(['node_modules', 'web/node_modules', 'data', 'data/sessions.db', '.env', '.env.production', '.git'])('%s → left out of the build context', (path) => {
    expect(ignored(path)).toBe(true);
  });

  it.each(['dist', 'web/dist'])('%s → left out: the image builds its own', (path) => {
    expect(ignored(path)).toBe(true);
  });

  it('.env.example → kept (it holds no value)', () => {
    expect(ignored('.env.example')).toBe(false);
  });

  it('every path the Dockerfile copies from the context → not ignored', () => {
    const sources = stages.flatMap((stage) => copies(stage.name)).filter((copy) => !copy.from).flatMap((copy) => copy.sources);
    expect(sources.filter((source) => ignored(source))).toEqual([]);
  });
});
