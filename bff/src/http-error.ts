/** The one error type of the BFF: `expose` errors reach the browser as JSON, 5xx details are logged only. */
export class HttpError extends Error {
  readonly expose: boolean;
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(description, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.expose = status < 500 || status === 502 || status === 503 || status === 504;
    this.headers = options?.headers ?? {};
  }
  readonly headers: Record<string, string>;
}

export const notAuthenticated = () => new HttpError(401, 'not_authenticated', 'Log in to continue.');
export const sessionExpired = () => new HttpError(401, 'session_expired', 'Your session has ended. Log in again.');
export const storeUnavailable = (cause?: unknown) =>
  new HttpError(503, 'session_store_unavailable', 'Sessions are temporarily unavailable: try again shortly', { cause, headers: { 'retry-after': '2' } });
export const idpUnavailable = (cause?: unknown) =>
  new HttpError(503, 'idp_unavailable', 'The identity provider cannot be reached: try again shortly', { cause, headers: { 'retry-after': '5' } });
