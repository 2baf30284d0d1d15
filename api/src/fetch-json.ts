// One GET of a provider's JSON document (discovery, JWKS), failing with a FetchError whose reason an
// operator can act on: the status, the content type of a body that is not JSON (LemonLDAP::NG serves
// an HTML page at /.well-known/jwks.json), a timeout, a refused connection. jwks-rsa's own request
// reports a timeout as "socket hang up" and an HTML page as a JSON SyntaxError, without the URL.

// Far above any real discovery document or key set (Auth0's JWKS is ~3 KB, Entra's ~10 KB).
const MAX_BODY_BYTES = 1024 * 1024;

export class FetchError extends Error {
  constructor(readonly url: string, readonly reason: string, options?: ErrorOptions) {
    super(`GET ${url}: ${reason}`, options);
    this.name = 'FetchError';
  }
}

export async function fetchJson(url: string, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new FetchError(url, networkReason(error, timeoutMs), { cause: error });
  }
  const contentType = response.headers.get('content-type') ?? 'no content type';
  if (!response.ok) {
    await response.body?.cancel();
    throw new FetchError(url, `HTTP ${response.status} (${contentType})`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw new FetchError(url, `the body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new FetchError(url, networkReason(error, timeoutMs), { cause: error });
  }
  if (text.length > MAX_BODY_BYTES) throw new FetchError(url, `the body is larger than ${MAX_BODY_BYTES} bytes`);
  try {
    // Parsed whatever the declared type: a few providers serve JSON as text/plain.
    return JSON.parse(text) as unknown;
  } catch {
    throw new FetchError(url, /json/i.test(contentType) ? 'the body is not valid JSON' : `the response is ${contentType}, not JSON`);
  }
}

// undici reports network failures as `TypeError: fetch failed` with the system error as its cause.
function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  switch (code) {
    case 'ECONNREFUSED': return 'connection refused';
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'host name not found';
    case 'ECONNRESET': case 'UND_ERR_SOCKET': return 'connection closed by the server';
    default: break;
  }
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return `TLS failure (${code})`;
  if (code) return code;
  return typeof cause?.message === 'string' ? cause.message : (error as Error).message;
}
