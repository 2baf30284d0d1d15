import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium } from '../../helpers/chromium.js';
import { startStack, type Stack, type StackOptions } from '../../helpers/stack.js';
import { logInAt } from './flows.js';
import { watchContext, type Watched, type WatchOptions } from './watch-context.js';
import { ensureWebBuilt } from './web-build.js';

export type E2e = {
  readonly stack: Stack;
  readonly browser: Browser;
  /** A fresh browser context (its own cookies and storage), watched; closed after the test. */
  open(options?: WatchOptions): Promise<Watched>;
  /**
   * A fresh context holding the file's shared session (one real login through the IdP, made on
   * first use), opened at `path`. For tests about a logged-in page, never for ones that end it.
   */
  openLoggedIn(path: string): Promise<Watched>;
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
  let sharedSession: ReturnType<BrowserContext['storageState']> | undefined;

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

  async function open(contextOptions: WatchOptions = {}) {
    if (!browser || !stack) throw new Error('open() belongs in a test');
    const watched = await watchContext(browser, stack.urls.bff, contextOptions);
    opened.push(watched);
    return watched;
  }

  async function logInOnce() {
    const { page, context } = await open();
    await logInAt(page, '/');
    return context.storageState();
  }

  return {
    get stack() {
      if (!stack) throw new Error('the stack starts in beforeAll');
      return stack;
    },
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    open,
    async openLoggedIn(path) {
      sharedSession ??= logInOnce();
      const watched = await open({ storageState: await sharedSession });
      await watched.page.goto(path);
      await watched.page.getByTestId('nav-user-name').waitFor();
      return watched;
    },
  };
}
