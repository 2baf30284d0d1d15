import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WEB = join(ROOT, 'web');
const BUILT_INDEX = join(WEB, 'dist', 'index.html');
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(WEB, p));
// Test files run in parallel processes: one builds, the others wait for it.
const LOCK = join(tmpdir(), `bff-e2e-web-build-${Buffer.from(ROOT).toString('base64url').slice(-24)}.lock`);
const BUILD_TIMEOUT_MS = 120_000;

/** The BFF serves web/dist: build it when missing or older than any source file, once per run. */
export async function ensureWebBuilt(): Promise<void> {
  if (isFresh()) return;
  await withLock(() => {
    if (isFresh()) return; // another test file built it while we waited
    execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', 'web', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: BUILD_TIMEOUT_MS,
    });
  });
}

function isFresh(): boolean {
  if (!existsSync(BUILT_INDEX)) return false;
  const built = statSync(BUILT_INDEX).mtimeMs;
  return INPUTS.every((input) => newestMtime(input) <= built);
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stat.mtimeMs);
}

async function withLock(build: () => void): Promise<void> {
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (holderIsGone()) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`waited too long for the web build lock ${LOCK}`);
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    writeFileSync(join(LOCK, 'pid'), String(process.pid));
    build();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

// A run killed mid-build leaves its lock behind; its process is then gone.
function holderIsGone(): boolean {
  try {
    const pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
