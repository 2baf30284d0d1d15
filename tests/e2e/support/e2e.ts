import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium } from '../../helpers/chromium.js';
import { startStack, type Stack, type StackOptions } from '../../helpers/stack.js';
import { watchContext, type Watched } from './watch-context.js';
import { ensureWebBuilt } from './web-build.js';

export type E2e = {
  readonly stack: Stack;
  readonly browser: Browser;
  /** A fresh browser context (its own cookies and storage), watched; closed after the test. */
  open(options?: { clock?: boolean }): Promise<Watched>;
};

/**
 * Per test file: the built web app, a real stack (dev IdP, API, BFF) and one Chromium. Each test
 * gets fresh contexts, and after each test every page it opened must have logged no console error,
 * thrown nothing and violated no CSP directive, unless the test allowed that exact message.
 */
export function useE2e(options: StackOptions = {}): E2e {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  let opened: Watched[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    [stack, browser] = await Promise.all([startStack(options), launchChromium()]);
  });

  afterEach(async () => {
    const contexts = opened;
    opened = [];
    const problems = contexts.flatMap((watched) => watched.unexpectedProblems());
    await Promise.all(contexts.map((watched) => watched.context.close()));
    expect(problems, 'console errors, page errors or CSP violations').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  return {
    get stack() {
      if (!stack) throw new Error('the stack starts in beforeAll');
      return stack;
    },
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    async open(contextOptions = {}) {
      if (!browser || !stack) throw new Error('open() belongs in a test');
      const watched = await watchContext(browser, stack.urls.bff, contextOptions);
      opened.push(watched);
      return watched;
    },
  };
}
