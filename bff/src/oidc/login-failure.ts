/**
 * Why a login callback failed, for the audit log: the provider's `error` and `error_description`
 * (RFC 6749 §4.1.2.1, relayed by express-openid-connect), or the check that failed (state, nonce,
 * issuer, audience, signature algorithm, `invalid_client` at the token endpoint). Never a token,
 * a code or a secret: anything shaped like one is masked, and the text is bounded.
 */
export function loginFailureCause(error: unknown): { error: string; description: string } {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const code = typeof fields.error === 'string' && /^[\w.-]{1,64}$/.test(fields.error) ? fields.error : 'unknown_error';
  const text = typeof fields.error_description === 'string' ? fields.error_description : error instanceof Error ? error.message : '';
  return { error: code, description: scrub(text) };
}

function scrub(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    // JWTs, codes, secrets and long random values look alike: none of them belongs in a log line.
    .replace(/[A-Za-z0-9_~+/=.-]{24,}/g, '[masked]')
    .slice(0, 300);
}
