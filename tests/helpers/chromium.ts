import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe } from 'vitest';

/** Debian's `chromium` package (installed by .ci/run); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Headless in a container: no sandbox (no user namespaces), no GPU, and nothing that phones home
// (component updates, sync, QUIC probes) so a run reaches only 127.0.0.1.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Why the browser tests cannot run here, or undefined when they can. */
export function missingBrowserReason(): string | undefined {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return undefined;
  } catch {
    return `no Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH`;
  }
}

/**
 * `describe` for browser tests. Without a browser: in CI (CI=true) the file fails, so a broken
 * image cannot pass green with the browser tests silently gone; elsewhere it skips with a reason.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  const reason = missingBrowserReason();
  if (reason === undefined) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') throw new Error(`Browser tests cannot run in CI: ${reason}`);
  console.warn(`[e2e] skipping "${name}": ${reason}`);
  describe.skip(name, body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
