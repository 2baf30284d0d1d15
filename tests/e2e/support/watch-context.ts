import type { Browser, BrowserContext, BrowserContextOptions, Page, Response } from 'playwright-core';

export type SeenResponse = {
  url: string;
  status: number;
  headers: Record<string, string>;
  /** undefined for redirects (they have none) and for a body the browser no longer had. */
  body: string | undefined;
};

export type Watched = {
  context: BrowserContext;
  /** The context's first tab. */
  page: Page;
  /** Every console error, uncaught exception and CSP violation of any tab, as one line each. */
  problems: string[];
  /** Accepts problems matching `pattern` for this test (an outage the test itself causes). */
  allow(pattern: RegExp): void;
  unexpectedProblems(): string[];
  /** Every URL any tab requested, redirects and sub-resources included. */
  requestUrls: string[];
  /** Every response any tab received, with its body. */
  responses(): Promise<SeenResponse[]>;
};

// The design answers an anonymous GET /auth/user with 401 JSON, and Chromium logs every 4xx/5xx
// fetch as "Failed to load resource". That one line is the app asking "who am I?" while logged out.
const ANONYMOUS_SESSION_CHECK = /^console\.error: Failed to load resource: the server responded with a status of 401 \(Unauthorized\) @ http:\/\/127\.0\.0\.1:\d+\/auth\/user\?slide=false$/;

// An injected script (not an inline one) so the page's own CSP does not apply to it; the event
// also reaches us for violations Chromium reports without a console line (e.g. report-only).
const REPORT_CSP_VIOLATIONS = () => {
  document.addEventListener('securitypolicyviolation', (event) => {
    const report = (window as unknown as { __e2eCspViolation?: (text: string) => void }).__e2eCspViolation;
    report?.(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile || 'document'}:${event.lineNumber})`);
  });
};

export type WatchOptions = {
  /** Fake timers (Playwright's clock) from the first script on: tests move time forward. */
  clock?: boolean;
  /** Cookies and storage to start with, e.g. a session from an earlier login. */
  storageState?: BrowserContextOptions['storageState'];
  /** Another browser's User-Agent (the BFF names a session's device from it at login). */
  userAgent?: string;
};

export async function watchContext(browser: Browser, baseURL: string, options: WatchOptions = {}): Promise<Watched> {
  const context = await browser.newContext({
    baseURL,
    storageState: options.storageState,
    userAgent: options.userAgent,
    // One fixed size and scale: screenshots stay comparable from run to run.
    viewport: { width: 1100, height: 760 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
  });
  context.setDefaultTimeout(5_000);
  context.setDefaultNavigationTimeout(10_000);
  if (options.clock) await context.clock.install();

  const problems: string[] = [];
  const allowed: RegExp[] = [ANONYMOUS_SESSION_CHECK];
  const requestUrls: string[] = [];
  const reads: Promise<SeenResponse>[] = [];

  await context.exposeBinding('__e2eCspViolation', ({ page }, text: string) => {
    problems.push(`csp: ${text} @ ${page.url()}`);
  });
  await context.addInitScript(REPORT_CSP_VIOLATIONS);
  context.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()} @ ${message.location().url}`);
  });
  context.on('weberror', (error) => problems.push(`pageerror: ${error.error().message} @ ${error.page()?.url() ?? '?'}`));
  context.on('request', (request) => requestUrls.push(request.url()));
  // Read at once: Chromium drops a body soon after its page navigates away.
  context.on('response', (response) => reads.push(read(response)));

  return {
    context,
    page: await context.newPage(),
    problems,
    allow: (pattern) => allowed.push(pattern),
    unexpectedProblems: () => problems.filter((problem) => !allowed.some((pattern) => pattern.test(problem))),
    requestUrls,
    responses: () => Promise.all(reads),
  };
}

async function read(response: Response): Promise<SeenResponse> {
  const status = response.status();
  const redirect = status >= 300 && status < 400;
  return {
    url: response.url(),
    status,
    headers: await response.allHeaders().catch(() => ({})),
    body: redirect ? undefined : await response.text().catch(() => undefined),
  };
}
