import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// git-ignored: every run rewrites them, for a person to look at what the browser saw.
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

/** Saves what the tab shows now as test-results/screenshots/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // No hover or focus left over from the last click; no caret or animation: runs stay comparable.
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

/**
 * The README shows one page from a real run. It is committed, so it is written only when missing
 * or when asked for (UPDATE_SCREENSHOTS=1): an ordinary run leaves the working tree clean.
 */
export function publishScreenshot(path: string, docsName: string): void {
  const target = join(ROOT, 'docs', 'screenshots', docsName);
  if (existsSync(target) && process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(path, target);
}
