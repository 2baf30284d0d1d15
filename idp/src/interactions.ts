import express, { type Request, type Response, Router } from 'express';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';

import { expiredInteraction, HttpError } from './errors.js';
import { grantRequestedScopes } from './grant-requested-scopes.js';
import { authenticate, findUserById } from './users.js';
import { loginPage, PAGE_HEADERS, type LoginView } from './views.js';

const INVALID_CREDENTIALS = 'Invalid email or password.';

/**
 * The end-user steps oidc-provider delegates to us (devInteractions is off): the login form and,
 * instead of a consent screen, an automatic grant for the first-party client.
 * GET  /interaction/:uid        → the login form, or completes a consent-only interaction
 * POST /interaction/:uid/login  → checks email + password; 401 + the form again when wrong
 */
export function interactionRouter(provider: Provider, audience: string): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '10kb', parameterLimit: 10 });

  // Set before any step runs, so the error page of a failed step (errors.ts) carries them too.
  router.use('/interaction', function pageHeaders(_req, res, next) {
    res.set(PAGE_HEADERS);
    next();
  });

  router.get('/interaction/:uid', async function showInteraction(req, res) {
    const interaction = await currentInteraction(provider, req, res);
    if (interaction.prompt.name === 'login') {
      sendLoginPage(res, 200, { uid: interaction.uid, clientId: clientIdOf(interaction), email: stringParam(interaction.params.login_hint) });
      return;
    }
    if (interaction.prompt.name === 'consent') {
      // Already signed in at the IdP, but this request asks for more than the grant holds.
      const user = findUserById(interaction.session?.accountId ?? '');
      if (!user) throw expiredInteraction();
      const grantId = await grantRequestedScopes(provider, interaction, user, audience);
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    throw new HttpError(400, 'invalid_request', `Unsupported sign-in step "${interaction.prompt.name}".`);
  });

  router.post('/interaction/:uid/login', form, async function submitLogin(req, res) {
    const interaction = await currentInteraction(provider, req, res);
    if (interaction.prompt.name !== 'login') throw expiredInteraction();
    const body: Record<string, unknown> = req.body ?? {};
    const email = stringParam(body.email) ?? '';
    const user = authenticate(email, stringParam(body.password) ?? '');
    if (!user) {
      sendLoginPage(res, 401, { uid: interaction.uid, clientId: clientIdOf(interaction), email, error: INVALID_CREDENTIALS });
      return;
    }
    const grantId = await grantRequestedScopes(provider, interaction, user, audience);
    // Login and consent in one result: the first-party client never shows a consent screen.
    await provider.interactionFinished(req, res, { login: { accountId: user.id }, consent: { grantId } },
      { mergeWithLastSubmission: false });
  });

  return router;
}

/** The interaction named by the `_interaction` cookie; it must be the one in the URL. */
async function currentInteraction(provider: Provider, req: Request, res: Response): Promise<Interaction> {
  const interaction = await provider.interactionDetails(req, res);
  if (interaction.uid !== req.params.uid) throw expiredInteraction();
  return interaction;
}

function sendLoginPage(res: Response, status: number, view: LoginView): void {
  res.status(status).set({ ...PAGE_HEADERS, 'Cache-Control': 'no-store' }).type('html').send(loginPage(view));
}

function clientIdOf(interaction: Interaction): string {
  return stringParam(interaction.params.client_id) ?? 'the application';
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
