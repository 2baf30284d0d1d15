import { describe, expect, it } from 'vitest';
import { healthcheckCommand, service } from './compose-file.js';
import { baseImage, copies, DOCKERFILE_TEXT, execArgs, healthcheckArgs, instructions, stage, stageChain, stages } from './dockerfile.js';
import { repoHas, repoText, SERVICES } from './repo.js';

// The root Dockerfile: one build stage, one runtime target per service (compose build.target).

const RUNTIME = SERVICES;
const stageNames = new Set(stages.map((candidate) => candidate.name));
const runs = (name: string) => instructions(name, 'RUN').map((instruction) => instruction.args);

describe('stages', () => {
  it('the Dockerfile → multi-stage (a build stage apart from the runtime targets)', () => {
    expect([stages.length >= 2, stageNames.has('build')]).toEqual([true, true]);
  });

  it('every compose build.target → a stage of the Dockerfile', () => {
    const targets = RUNTIME.map((name) => service(name).build).map((build) => (typeof build === 'object' ? build.target : undefined));
    expect(targets.filter((target) => !target || !stageNames.has(target))).toEqual([]);
  });

  it('every stage → built on a Node 22 image', () => {
    expect(stages.map((candidate) => baseImage(candidate.name)).filter((image) => !/^node:22(?:[.-]|$)/.test(image))).toEqual([]);
  });
});

describe.each(RUNTIME)('runtime target %s', (name) => {
  it('→ runs as a non-root user', () => {
    const user = instructions(name, 'USER').at(-1)?.args.split(':')[0];
    expect(user === undefined || ['root', '0'].includes(user)).toBe(false);
  });

  it('→ has a HEALTHCHECK that fetches its health route with node (bff: /readyz, see below)', () => {
    const [program, flag, script = ''] = healthcheckArgs(name);
    expect([program, flag, script.includes(name === 'bff' ? '/readyz' : '/healthz')]).toEqual(['node', '-e', true]);
  });

  it('→ runs the compiled server of its workspace', () => {
    const command = execArgs(instructions(name, 'CMD').at(-1)?.args ?? '[]');
    expect([command, repoHas(`${name}/src/server.ts`)]).toEqual([['node', `${name}/src/server.js`], true]);
  });

  it('→ node_modules come from a stage that ran `npm ci --omit=dev`', () => {
    const sources = copies(name).filter((copy) => copy.from && copy.sources.includes('/app')).map((copy) => copy.from ?? '');
    expect(sources.map((source) => runs(source).some((run) => /\bnpm ci\b.*--omit=dev/.test(run)))).toEqual([true]);
  });

  it('→ installs nothing itself (no compiler, no dev dependency in the image)', () => {
    expect(stageChain(name).flatMap((candidate) => runs(candidate.name)).filter((run) => /\b(npm (ci|install|i)|apt-get install)\b/.test(run))).toEqual([]);
  });

  it('→ takes only the compiled code from the build stage, never its node_modules', () => {
    const fromBuild = copies(name).filter((copy) => copy.from === 'build').flatMap((copy) => copy.sources);
    expect([fromBuild.includes(`/app/dist/${name}`), fromBuild.some((source) => source.includes('node_modules'))]).toEqual([true, false]);
  });

  it('→ gets the compiled @vue-bff/shared at /app/shared, where node_modules/@vue-bff/shared links to', () => {
    expect(copies(name)).toContainEqual({ from: 'build', sources: ['/app/dist/shared'], destination: 'shared' });
  });

  it('→ copies auth_config.json to /app, where ../../auth_config.json from <service>/src lands', () => {
    expect(copies(name).some((copy) => !copy.from && copy.sources.includes('auth_config.json') && copy.destination === './')).toBe(true);
  });
});

describe('bff health', () => {
  it('the image\'s HEALTHCHECK → the same readiness-of-the-store check as compose, on $PORT', () => {
    const [, , script = ''] = healthcheckArgs('bff');
    const composed = healthcheckCommand('bff').at(-1) ?? '';
    expect(script.replace("'+(process.env.PORT||3000)+'", '3000')).toBe(composed);
  });
});

describe('parser directives', () => {
  it('no `# syntax=` line → the build uses the builder\'s own frontend and needs no registry (offline, mirrors)', () => {
    const directives = DOCKERFILE_TEXT.split('\n').filter((line) => /^#\s*syntax\s*=/i.test(line));
    expect(directives).toEqual([]);
  });
});

describe('files', () => {
  it('every COPY from the build context → a path that exists in the repository', () => {
    const sources = stages.flatMap((candidate) => copies(candidate.name)).filter((copy) => !copy.from).flatMap((copy) => copy.sources);
    expect(sources.filter((source) => !repoHas(source))).toEqual([]);
  });

  it('every COPY --from → names an earlier stage', () => {
    const seen = new Set<string>();
    const unknown: string[] = [];
    for (const candidate of stages) {
      for (const copy of copies(candidate.name)) if (copy.from && !seen.has(copy.from)) unknown.push(`${candidate.name} ← ${copy.from}`);
      seen.add(candidate.name);
    }
    expect(unknown).toEqual([]);
  });

  it('the manifests stage → copies every workspace manifest, shared/ included (npm ci checks them all against the lockfile, and links @vue-bff/shared)', () => {
    const workspaces = (JSON.parse(repoText('package.json')) as { workspaces: string[] }).workspaces;
    const manifests = copies('manifests').flatMap((copy) => copy.sources);
    expect(workspaces.filter((folder) => !manifests.includes(`${folder}/package.json`))).toEqual([]);
  });

  it('bff → gets the built web app at /app/web/dist, where ../../web/dist from bff/src lands', () => {
    expect(copies('bff')).toContainEqual({ from: 'build', sources: ['/app/web/dist'], destination: 'web/dist' });
  });

  it('the build stage → runs `npm run build` (tsc -p tsconfig.build.json and vite build)', () => {
    expect(runs('build')).toContain('npm run build');
  });
});

describe('secrets', () => {
  it('no ENV or ARG → names a secret (secrets arrive from the environment at run time)', () => {
    const settings = stages.flatMap((candidate) => candidate.instructions)
      .filter((instruction) => instruction.keyword === 'ENV' || instruction.keyword === 'ARG')
      .map((instruction) => instruction.args);
    expect(settings.filter((args) => /SECRET|PASSWORD|TOKEN|PRIVATE|_KEY\b/i.test(args))).toEqual([]);
  });

  it('no runtime target → sets NODE_ENV (the BFF and the dev IdP decide by it; compose sets it)', () => {
    expect(stages.flatMap((candidate) => instructions(candidate.name, 'ENV')).filter((env) => /\bNODE_ENV\b/.test(env.args))).toEqual([]);
  });
});

it('the bff-deps stage → has the toolchain better-sqlite3 falls back to when no prebuilt binary fits', () => {
  expect(runs('bff-deps').some((run) => /python3/.test(run) && /\bmake\b/.test(run) && /g\+\+/.test(run))).toBe(true);
});

it('stage lookup by name → fails loudly for a missing stage (guards the helpers)', () => {
  expect(() => stage('no-such-stage')).toThrow('no stage "no-such-stage"');
});
