import type { Page } from 'playwright-core';
import { ALICE } from '../../helpers/stack.js';

type User = { email: string; password: string };

/** Fills the dev IdP's sign-in form as a person would: by its labels, then the button. */
export async function signInAtIdp(page: Page, user: User = ALICE): Promise<void> {
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens `path` anonymously, which a guarded page turns into a login, and signs in there. */
export async function logInAt(page: Page, path: string, user: User = ALICE): Promise<void> {
  await page.goto(`/auth/login?returnTo=${encodeURIComponent(path)}`);
  await signInAtIdp(page, user);
  // The user's name is in the app's nav only: we are back on the app, logged in.
  await page.getByTestId('nav-user-name').waitFor();
  const landed = new URL(page.url()).pathname;
  if (landed !== path) throw new Error(`logged in, but landed on ${landed} instead of ${path}`);
}

/** The dev IdP asks before it ends its session: the user presses "Yes, sign me out". */
export async function confirmIdpLogout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
}

/**
 * Marks the document; `wasReloaded` is true once the tab has loaded a new one. Proves the app
 * noticed something by itself rather than after a reload.
 */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __e2eMark?: boolean }).__e2eMark = true;
  });
}

export async function wasReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark !== true);
}
