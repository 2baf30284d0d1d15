import { createBrowser } from '../../tests/helpers/http-client.js';
import { ALICE, login } from '../../tests/helpers/stack.js';

/** Logs Alice in at the BFF on `bffUrl` through the dev IdP, as a browser does: her cookie header and session id. */
export async function loginCookie(bffUrl: string): Promise<{ cookie: string; sessionId: string }> {
  const browser = createBrowser();
  await login(browser, bffUrl, ALICE);
  const session = (await browser.cookies(bffUrl)).find((c) => c.key === 'bff_session');
  if (!session) throw new Error(`no bff_session cookie after the login at ${bffUrl}`);
  return { cookie: `bff_session=${session.value}`, sessionId: session.value.split('.')[0] ?? '' };
}
