/**
 * Why a session store cannot serve right now. `reason` is short and stable (it is shown in /readyz
 * and counted by operators' alerts); `message` says what is wrong and how to fix it, for the log.
 * Neither ever holds a secret: they are built from the host, port and user name only.
 */
export type StoreProblemReason =
  | 'connecting'
  | 'refused'
  | 'host_not_found'
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'auth_failed'
  | 'no_permission'
  | 'protected_mode'
  | 'read_only'
  | 'loading'
  | 'closed'
  | 'error';

export class StoreProblem extends Error {
  constructor(
    readonly reason: StoreProblemReason,
    message: string,
    /** The client's own error code (ECONNREFUSED, WRONGPASS, SELF_SIGNED_CERT_IN_CHAIN…), for the log. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'StoreProblem';
  }
}

/** The StoreProblem behind an error (a StoreUnavailableError wraps it as its cause), if any. */
export function storeProblemOf(error: unknown): StoreProblem | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (current instanceof StoreProblem) return current;
  }
  return undefined;
}
