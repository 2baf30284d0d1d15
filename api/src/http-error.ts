// The API's one error model: every refusal is an HttpError (the shared base: status, code,
// description, `expose` for 4xx only, as oidc-provider does), and only error-handler.ts turns it
// into a response. The API adds the Bearer challenge of RFC 6750.
import { HttpError as SharedHttpError } from '@vue-bff/shared';

/** A `WWW-Authenticate: Bearer` challenge (RFC 6750 section 3); no `error` when the request had no token. */
export type BearerChallenge = Readonly<{ error?: string; description?: string; scope?: string }>;

export type HttpErrorOptions = Readonly<{
  challenge?: BearerChallenge;
  headers?: Readonly<Record<string, string>>;
  cause?: unknown;
}>;

export class HttpError extends SharedHttpError {
  constructor(status: number, code: string, description: string, readonly options: HttpErrorOptions = {}) {
    super(status, code, description, { cause: options.cause, headers: options.headers });
  }
}
