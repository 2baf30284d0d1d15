import { HttpError as SharedHttpError } from '@vue-bff/shared';

/**
 * The BFF's error type (the shared HttpError): 4xx and the dependency outages 502/503/504 reach the
 * browser as JSON with their description (the app tells "the API is down" from "log in again");
 * any other 5xx is logged only.
 */
export class HttpError extends SharedHttpError {
  constructor(status: number, code: string, description: string, options?: { cause?: unknown; headers?: Record<string, string> }) {
    super(status, code, description, { ...options, expose: status < 500 || status === 502 || status === 503 || status === 504 });
  }
}

export const notAuthenticated = () => new HttpError(401, 'not_authenticated', 'Log in to continue.');
export const sessionExpired = () => new HttpError(401, 'session_expired', 'Your session has ended. Log in again.');
export const storeUnavailable = (cause?: unknown) =>
  new HttpError(503, 'session_store_unavailable', 'Sessions are temporarily unavailable: try again shortly', { cause, headers: { 'retry-after': '2' } });
export const idpUnavailable = (cause?: unknown) =>
  new HttpError(503, 'idp_unavailable', 'The identity provider cannot be reached: try again shortly', { cause, headers: { 'retry-after': '5' } });
