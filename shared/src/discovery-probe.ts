import { discoveryUrl } from './issuer.js';

// One bounded look at the provider's discovery document (OpenID Connect Discovery §4), for start-up
// checks that must never hold a start-up up: the BFF warns when the issuer is unreachable or
// misconfigured (instead of the user finding out at Log in), and `npm start` decides whether the
// issuer is a provider already running or the dev IdP it must start.

export type DiscoveryOutcome = Readonly<
  | { kind: 'found'; url: string }
  | { kind: 'issuer-mismatch'; url: string; announced: string }
  | { kind: 'not-discovery'; url: string; reason: string }
  /** `refused`: nothing listens there at all (the port is free). */
  | { kind: 'unreachable'; url: string; reason: string; refused: boolean }
>;

const CONNECT_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused: nothing listens there',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'host unreachable',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
};

export async function probeDiscovery(issuer: string, timeoutMs: number): Promise<DiscoveryOutcome> {
  const url = discoveryUrl(issuer);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, redirect: 'manual' });
    text = await response.text();
  } catch (error) {
    return { kind: 'unreachable', url, ...failure(error, timeoutMs) };
  }
  if (response.status !== 200) return { kind: 'not-discovery', url, reason: `answered ${response.status} ${response.statusText}`.trim() };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return { kind: 'not-discovery', url, reason: `answered ${response.headers.get('content-type') ?? 'something'} that is not JSON` };
  }
  const { issuer: announced, authorization_endpoint: authorize } = (document ?? {}) as Record<string, unknown>;
  if (typeof announced !== 'string' || typeof authorize !== 'string') {
    return { kind: 'not-discovery', url, reason: 'answered JSON without "issuer" and "authorization_endpoint"' };
  }
  return announced === issuer ? { kind: 'found', url } : { kind: 'issuer-mismatch', url, announced };
}

function failure(error: unknown, timeoutMs: number): { reason: string; refused: boolean } {
  if ((error as { name?: unknown }).name === 'TimeoutError') return { reason: `no answer within ${timeoutMs / 1000} s`, refused: false };
  // fetch fails with a TypeError whose cause carries the system's or undici's error code.
  const code = String((error as { cause?: { code?: unknown } }).cause?.code ?? '');
  return { reason: CONNECT_ERRORS[code] ?? (code || (error as Error).message), refused: code === 'ECONNREFUSED' };
}

/** The start-up warning for anything but `found`: what was tried, what happened, which setting to check. */
export function discoveryWarning(issuer: string, outcome: DiscoveryOutcome): string | undefined {
  switch (outcome.kind) {
    case 'found':
      return undefined;
    case 'unreachable':
      return `The OpenID provider did not answer: GET ${outcome.url} failed (${outcome.reason}). `
        + `Log in fails until it answers: start the provider, or correct ISSUER_BASE_URL (now "${issuer}").`;
    case 'not-discovery':
      return `ISSUER_BASE_URL "${issuer}" does not look like an OpenID provider: GET ${outcome.url} ${outcome.reason}. `
        + 'Log in fails: set ISSUER_BASE_URL to the provider\'s issuer, under which its /.well-known/openid-configuration lives.';
    case 'issuer-mismatch':
      return `ISSUER_BASE_URL is "${issuer}" but the provider names itself "${outcome.announced}" (GET ${outcome.url}): `
        + `set ISSUER_BASE_URL to exactly "${outcome.announced}"; the issuer is compared character for character, trailing slash included.`;
  }
}
