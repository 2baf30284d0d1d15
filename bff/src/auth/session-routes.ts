import { Router } from 'express';
import { HttpError } from '../http-error.js';
import { requireCsrf } from '../security/require-csrf.js';
import { sessionOf } from '../session/request-session.js';
import { requireSession } from '../session/require-session.js';
import type { StoredSessionHandle } from '../session/session-store.js';
import type { Sessions } from '../session/sessions.js';
import type { yourSessions } from './your-sessions.js';

/**
 * Your sessions: GET /auth/sessions lists where the user is signed in; DELETE /auth/sessions/{id}
 * ends one of them, DELETE /auth/sessions all but this one. An `id` is the session's handle —
 * random, not the session id, useless as a cookie — and only the user's own are found: another
 * user's handle is a 404. The DELETEs are state changes: X-CSRF and the cross-site checks of /api.
 */
export function sessionRoutes(deps: { sessions: Sessions; owned: ReturnType<typeof yourSessions>; appBaseUrl: string }) {
  const { sessions, owned, appBaseUrl } = deps;
  const router = Router();
  const current = (req: Parameters<typeof sessionOf>[0]) => sessionOf(req) as StoredSessionHandle;
  const csrf = requireCsrf(appBaseUrl);

  router.get('/', requireSession(sessions, { slide: false }), async (req, res) => {
    const session = current(req);
    // slide=false: an app refreshing the list in the background must not keep the session alive.
    if (req.query.slide !== 'false') await sessions.slide(session, res);
    const listed = await owned.list(session.data.sub);
    res.json({
      sessions: listed.map((s) => ({ id: s.handle, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, current: s.handle === session.data.handle, device: s.device })),
    });
  });

  router.delete('/', requireSession(sessions, { slide: true }), csrf, async (req, res) => {
    const session = current(req);
    for (const other of await owned.list(session.data.sub)) if (other.handle !== session.data.handle) await owned.end(session.data.sub, other, 'user');
    res.status(204).end();
  });

  router.delete('/:id', requireSession(sessions, { slide: true }), csrf, async (req, res) => {
    const session = current(req);
    const target = (await owned.list(session.data.sub)).find((s) => s.handle === req.params.id);
    if (!target) throw new HttpError(404, 'not_found', 'No such session of yours');
    await owned.end(session.data.sub, target, 'user');
    if (target.handle === session.data.handle) sessions.clearCookie(res);
    res.status(204).end();
  });

  return router;
}
