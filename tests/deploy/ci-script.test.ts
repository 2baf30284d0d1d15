import { describe, expect, it } from 'vitest';
import { repoText } from './repo.js';

// .ci/run installs what the tests need from Debian, only when it is missing (a clean CI machine).

const script = repoText('.ci/run');

describe('.ci/run', () => {
  it('nginx missing → installs nginx-light, for the edge test that runs deploy/nginx.conf', () => {
    expect([script.includes('command -v nginx'), /missing\+=\(nginx-light\)/.test(script)]).toEqual([true, true]);
  });

  it('chromium missing → installs chromium, as before', () => {
    expect(/missing\+=\(chromium\)/.test(script)).toBe(true);
  });

  it('caddy missing → installs caddy, for the bench\'s peer tests (CI=true fails them when it is missing)', () => {
    expect([script.includes('command -v caddy'), /missing\+=\(caddy\)/.test(script)]).toEqual([true, true]);
  });

  it('installs the missing packages with apt-get in one run', () => {
    expect(script).toContain('apt-get install -y -qq "${missing[@]}"');
  });
});
