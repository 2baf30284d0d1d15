// Development-only secrets, public by design: they let `npm run dev` and the tests run with no
// setup. Every config loader refuses them when NODE_ENV=production (STYLE.md rule 2).

/** The dev client's secret, shared by the dev IdP and the BFF when CLIENT_SECRET is unset. */
export const DEV_CLIENT_SECRET = 'dev-only-client-secret-7f3c9a1e5b2d48c6a0e4f1b3d5c7e9a2';

/** The BFF's session secret in development (>= 32 characters). */
export const DEV_SESSION_SECRET = 'dev-only-session-secret-4b8e2d6f0a1c3e5b7d9f2a4c6e8b0d1f';

/** Keys signing the IdP's own cookies (`_session`, `_interaction`), so tampered cookies are ignored. */
export const DEV_COOKIE_KEYS: readonly string[] = ['dev-only-idp-cookie-key-2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e0b'];
