// Authorization parameters a link to /auth/login may pass on to the provider: hints and choices
// about the login page, nothing that changes what the login grants. `prompt` only with the values
// OpenID Connect Core §3.1.2.1 defines; every value short, printable, one of each.
const ALLOWED = ['prompt', 'login_hint', 'ui_locales', 'screen_hint', 'connection', 'organization', 'max_age'] as const;
const PROMPTS = new Set(['none', 'login', 'consent', 'select_account', 'create']);
const VALUE = /^[\x20-\x7e]{1,256}$/;

/** The allowed parameters of /auth/login's query, as the authorization request will carry them. */
export function passedThrough(query: Record<string, unknown>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of ALLOWED) {
    const value = query[name];
    if (typeof value !== 'string' || !VALUE.test(value)) continue;
    if (name === 'prompt' && !value.split(' ').every((p) => PROMPTS.has(p))) continue;
    if (name === 'max_age' && !/^\d{1,9}$/.test(value)) continue;
    params[name] = value;
  }
  return params;
}
