import { createRouter, createWebHistory } from 'vue-router';
import HomeView from '../views/HomeView.vue';
import { logIn, session, sessionKnown } from '../session';
import { takeSignOutNote } from '../sign-out-note';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    // Guarded pages: an anonymous visitor is sent to the BFF's login first.
    requiresAuth?: boolean;
  }
}

const router = createRouter({
  // History mode: the BFF answers index.html for every unknown GET that accepts HTML.
  history: createWebHistory(import.meta.env.BASE_URL),
  // Back/forward restore the old position; the skip link (#main) still lands on its target.
  scrollBehavior(to, _from, savedPosition) {
    if (savedPosition) return savedPosition;
    if (to.hash) return { el: to.hash };
    return { top: 0 };
  },
  routes: [
    { path: '/', name: 'home', component: HomeView, meta: { title: 'Home' } },
    {
      path: '/profile',
      name: 'profile',
      // Split into its own chunk, loaded when first visited.
      component: () => import('../views/ProfileView.vue'),
      meta: { title: 'Profile', requiresAuth: true },
    },
    {
      path: '/external-api',
      name: 'external-api',
      component: () => import('../views/ExternalApiView.vue'),
      meta: { title: 'External API', requiresAuth: true },
    },
    {
      // Shown instead of Home when a logout comes back to `/` (see the guard below).
      path: '/signed-out',
      name: 'signed-out',
      component: () => import('../views/SignedOutView.vue'),
      meta: { title: 'Signed out' },
    },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: () => import('../views/NotFoundView.vue'),
      meta: { title: 'Page not found' },
    },
  ],
});

const isAnonymous = () => session.value.status === 'anonymous' || session.value.status === 'ended';

// The IdP sends a finished logout to `/`, its registered post-logout URL; the note left by
// logOut() (sign-out-note.ts) tells that return from any other visit. Read once, then gone.
router.beforeEach(async (to) => {
  if (to.name === 'home' && takeSignOutNote()) {
    await sessionKnown();
    // Logged in after all (the logout was refused, or another tab logged in): plain Home.
    if (isAnonymous()) return { name: 'signed-out', replace: true };
  }
  // Opened later, or from history, while logged in: it would say something untrue.
  if (to.name === 'signed-out') {
    await sessionKnown();
    if (session.value.status === 'authenticated') return { name: 'home', replace: true };
  }
  return true;
});

router.beforeEach(async (to) => {
  if (!to.meta.requiresAuth) return true;
  await sessionKnown();
  // 'unavailable' passes: the page explains that the session could not be checked, with a retry,
  // instead of bouncing through a login the BFF could not serve either.
  if (!isAnonymous()) return true;
  // A full page navigation: the login is the BFF's, not a route of this app.
  logIn(to.fullPath);
  return false;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · BFF demo` : 'BFF demo';
});

export default router;
