export type HttpErrorOptions = Readonly<{
  cause?: unknown;
  /** Extra response headers (Retry-After, WWW-Authenticate…). */
  headers?: Readonly<Record<string, string>>;
  /** Whether `description` may reach the client; default: only for 4xx (oidc-provider's rule). */
  expose?: boolean;
}>;

/**
 * The error model of every service (STYLE.md rule 5): a refusal is an HttpError with a status, a
 * machine-readable `code` and a human `description`; each service's one error handler turns it into
 * `{error, error_description}` or a page. A 5xx description is generic unless a service decides to
 * expose it (the BFF's 502–504 say which dependency is down); the details go to the log via `cause`.
 */
export class HttpError extends Error {
  readonly expose: boolean;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    options: HttpErrorOptions = {},
  ) {
    super(description, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.expose = options.expose ?? status < 500;
    this.headers = options.headers ?? {};
  }
}
