// HTML of the IdP's own pages. Every interpolated value goes through escapeHtml; the pages load
// nothing from any other origin (see PAGE_CSP).

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f1f5f9;color:#0f172a;
  font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:min(24rem,92vw);background:#fff;padding:2rem;border-radius:.75rem;box-shadow:0 1px 3px #0f172a26}
h1{font-size:1.35rem;margin:0 0 .25rem}
p{margin:.5rem 0 1rem;color:#475569}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{width:100%;padding:.6rem .7rem;border:1px solid #cbd5e1;border-radius:.5rem;font:inherit}
button{width:100%;margin-top:1rem;padding:.65rem;border:0;border-radius:.5rem;background:#4f46e5;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:#e2e8f0;color:#0f172a}
[role=alert]{background:#fef2f2;color:#b91c1c;border:1px solid #fecaca;padding:.5rem .75rem;border-radius:.5rem}
.hint{font-size:.85rem;margin-top:1.25rem}
code{background:#f1f5f9;padding:0 .25rem;border-radius:.25rem}`;

/** Inline styles only; no script, no frame embedding (clickjacking of the login form). */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'";

/**
 * Headers for every HTML page of the IdP. nosniff: a browser never reads a page (or anything
 * served beside it) as another type; no-referrer: the interaction URL (its uid) and the
 * authorization parameters in the address bar never leave in a Referer header.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Development IdP</title>
<style>${STYLE}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/**
 * The one layout of every IdP page, so sign-in, sign-out and messages read alike: a heading, a
 * lead line saying what for, the form or message, and the development hint at the foot.
 */
function card(title: string, lead: string, content: string, hint: string): string {
  return page(title, `
<h1>${escapeHtml(title)}</h1>
<p>${lead}</p>
${content}
<p class="hint">${hint}</p>`);
}

const HINT = 'Development IdP, for local use only.';
const DEMO_USER_HINT = 'Development IdP. Demo user: <code>alice@example.com</code> / <code>alice-demo-password</code>';

export type LoginView = { uid: string; clientId: string; email?: string; error?: string };

export function loginPage({ uid, clientId, email, error }: LoginView): string {
  return card('Sign in', `to continue to <strong>${escapeHtml(clientId)}</strong>`, `
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login" autocomplete="on">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" value="${escapeHtml(email)}" autocomplete="username" required autofocus>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>`, DEMO_USER_HINT);
}

export function messagePage(title: string, message: string): string {
  return card(title, escapeHtml(message), '', HINT);
}

/** `form` is oidc-provider's own `<form id="op.logoutForm">` holding the hidden `xsrf` input. */
export function logoutPage(host: string, form: string): string {
  return card('Sign out', `of the development IdP at <strong>${escapeHtml(host)}</strong>`, `
<p>You will be signed out of the applications you signed in to with it, too.</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>`, HINT);
}
