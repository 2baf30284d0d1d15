import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { copies, instructions } from './dockerfile.js';
import { repoText, ROOT, SERVICES } from './repo.js';

// `npm run build` and tsconfig.build.json: JavaScript in dist/ laid out like the repository, which
// the Dockerfile copies to /app so every `new URL('../../…', import.meta.url)` still resolves.

const parsed = ts.parseJsonConfigFileContent(
  ts.readConfigFile(`${ROOT}tsconfig.build.json`, ts.sys.readFile).config,
  ts.sys,
  ROOT,
);
const scripts = (JSON.parse(repoText('package.json')) as { scripts: Record<string, string> }).scripts;

describe('tsconfig.build.json', () => {
  it('→ emits JavaScript into dist/ with the repository root as rootDir', () => {
    const { noEmit, outDir, rootDir } = parsed.options;
    expect([noEmit, outDir, rootDir]).toEqual([false, `${ROOT}dist`, ROOT.replace(/\/$/, '')]);
  });

  it('→ keeps the strict settings of tsconfig.json (it extends it)', () => {
    expect([parsed.options.strict, parsed.options.noUncheckedIndexedAccess, parsed.errors]).toEqual([true, true, []]);
  });

  it.each(SERVICES)('→ compiles %s/src/server.ts', (name) => {
    expect(parsed.fileNames).toContain(`${ROOT}${name}/src/server.ts`);
  });

  it('→ compiles the shared package every service imports (@vue-bff/shared)', () => {
    expect(parsed.fileNames).toContain(`${ROOT}shared/src/index.ts`);
  });

  it('@vue-bff/shared → exports ./src/index.js: the compiled file in the image, the .ts source for tsx, vitest and tsc', () => {
    const manifest = JSON.parse(repoText('shared/package.json')) as { exports: Record<string, string> };
    expect([manifest.exports['.'], parsed.fileNames.includes(`${ROOT}shared/src/index.ts`)]).toEqual(['./src/index.js', true]);
  });

  it('→ compiles the demo-secret preload the bff image runs', () => {
    expect(parsed.fileNames).toContain(`${ROOT}deploy/demo-secrets-preload.ts`);
  });

  it('→ compiles no test or script (they stay out of the images)', () => {
    expect(parsed.fileNames.filter((file) => /\/(tests|scripts)\//.test(file))).toEqual([]);
  });
});

describe('npm run build', () => {
  it('→ builds the web app, then compiles the services', () => {
    expect([scripts.build, scripts['build:web']]).toEqual(['npm run build:web && tsc -p tsconfig.build.json', 'vite build web']);
  });

  it('the Docker build stage → copies the build config and every compiled source folder', () => {
    const sources = copies('build').flatMap((copy) => copy.sources);
    expect(['tsconfig.json', 'tsconfig.build.json', 'shared/src', ...SERVICES.map((name) => `${name}/src`)].filter((path) => !sources.includes(path))).toEqual([]);
  });

  it('the Docker build stage → installs with the lockfile, without install scripts (nothing native runs there)', () => {
    expect(instructions('build', 'RUN').map((run) => run.args)).toContain('npm ci --ignore-scripts');
  });
});
