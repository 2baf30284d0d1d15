// The API's one error model: every refusal is an HttpError, and only error-handler.ts turns it into
// a response. `expose` follows oidc-provider: 4xx descriptions are sent, 5xx descriptions are generic.

/** A `WWW-Authenticate: Bearer` challenge (RFC 6750 section 3); no `error` when the request had no token. */
export type BearerChallenge = Readonly<{ error?: string; description?: string; scope?: string }>;

export type HttpErrorOptions = Readonly<{
  challenge?: BearerChallenge;
  headers?: Readonly<Record<string, string>>;
  cause?: unknown;
}>;

export class HttpError extends Error {
  readonly expose: boolean;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly options: HttpErrorOptions = {},
  ) {
    super(description, { cause: options.cause });
    this.name = 'HttpError';
    this.expose = status < 500;
  }
}
