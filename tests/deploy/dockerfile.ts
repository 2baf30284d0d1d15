import { repoText } from './repo.js';

// A Dockerfile reader for the deploy tests: instructions (continuations joined, comments dropped)
// grouped into stages, and the parts of COPY, FROM and exec-form arguments the tests look at.

export type Instruction = { keyword: string; args: string };
export type Stage = { name: string; from: string; instructions: Instruction[] };
export type Copy = { from?: string; sources: string[]; destination: string };

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = '';
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    // Comment lines may sit inside a continued instruction; Docker drops them there too.
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = `${pending}${line}`.trim();
    pending = '';
    if (full === '') continue;
    const [keyword = '', ...rest] = full.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      stages.push({ from: match?.[1] ?? '', name: match?.[2] ?? String(stages.length), instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${instruction.keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

export const DOCKERFILE_TEXT = repoText('Dockerfile');
export const stages = parseDockerfile(DOCKERFILE_TEXT);

export function stage(name: string): Stage {
  const found = stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`the Dockerfile has no stage "${name}"`);
  return found;
}

export function instructions(stageName: string, keyword: string): Instruction[] {
  return stage(stageName).instructions.filter((instruction) => instruction.keyword === keyword);
}

/** The image a stage finally builds on, following `FROM <earlier stage>`. */
export function baseImage(stageName: string): string {
  const from = stage(stageName).from;
  return stages.some((candidate) => candidate.name === from) ? baseImage(from) : from;
}

/** The stage itself and every earlier stage it is built FROM. */
export function stageChain(stageName: string): Stage[] {
  const current = stage(stageName);
  return stages.some((candidate) => candidate.name === current.from) ? [current, ...stageChain(current.from)] : [current];
}

/** Exec form (`["a", "b"]`) or shell form, split into words. */
export function execArgs(args: string): string[] {
  const trimmed = args.trim();
  return trimmed.startsWith('[') ? (JSON.parse(trimmed) as string[]) : trimmed.split(/\s+/);
}

export function parseCopy(args: string): Copy {
  const words = args.trim().startsWith('[') ? execArgs(args) : args.trim().split(/\s+/);
  let from: string | undefined;
  const paths: string[] = [];
  for (const word of words) {
    if (word.startsWith('--from=')) from = word.slice('--from='.length);
    else if (!word.startsWith('--')) paths.push(word);
  }
  return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' };
}

export function copies(stageName: string): Copy[] {
  return instructions(stageName, 'COPY').map((instruction) => parseCopy(instruction.args));
}

/** `HEALTHCHECK [options] CMD …` → the command words. */
export function healthcheckArgs(stageName: string): string[] {
  const healthcheck = instructions(stageName, 'HEALTHCHECK').at(-1);
  if (!healthcheck) return [];
  const command = /\bCMD\s+(.*)$/s.exec(healthcheck.args)?.[1];
  return command ? execArgs(command) : ['NONE'];
}
