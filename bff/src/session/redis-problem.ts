import { ConnectionTimeoutError, ErrorReply, SocketClosedUnexpectedlyError } from 'redis';
import { StoreProblem } from './store-problem.js';

/** Where the BFF connects, as far as a message may say it: never the password. */
export type RedisTarget = Readonly<{
  host: string;
  port: number;
  tls: boolean;
  user: string;
  connectTimeoutMs: number;
  /** Removes the URL's password from a foreign text (a server's or Node's error message). */
  redact(text: string): string;
}>;

export function redisTarget(url: string, connectTimeoutMs: number): RedisTarget {
  const parsed = new URL(url);
  const secrets = [parsed.password, safeDecode(parsed.password)].filter((secret) => secret.length > 0);
  return Object.freeze({
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(parsed.port || 6379),
    tls: parsed.protocol === 'rediss:',
    user: parsed.username ? safeDecode(parsed.username) : 'default',
    connectTimeoutMs,
    redact: (text: string) => secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text),
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// OpenSSL and Node name certificate and handshake failures with these prefixes.
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|HOSTNAME_)/;
const UNTRUSTED = /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED)$/;

/**
 * What a Redis client error means, said so an operator can act on it. Redis puts the error's
 * code as the first word of an error reply (WRONGPASS, NOAUTH, NOPERM, DENIED…): that word, and
 * Node's `code` for socket and TLS errors, decide; the message text of neither is parsed.
 */
export function classifyRedisError(error: unknown, target: RedisTarget): StoreProblem {
  const at = `${target.host}:${target.port}`;
  if (error instanceof StoreProblem) return error;
  if (error instanceof ErrorReply) return classifyReply(error, target, at);
  if (error instanceof ConnectionTimeoutError) {
    const hint = target.tls
      ? 'the TLS handshake did not complete: check that this port speaks TLS (for a plain-text Redis use redis://), the host and the firewall'
      : 'check the host, the port and the firewall';
    return new StoreProblem('timeout', `Redis at ${at} did not answer within ${target.connectTimeoutMs} ms: ${hint}`, 'ETIMEDOUT');
  }
  if (error instanceof SocketClosedUnexpectedlyError) return closed(at, target, 'CLOSED');
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return new StoreProblem('error', `Redis at ${at}: ${safeMessage(error, target)}`);
  if (code === 'ECONNREFUSED') return new StoreProblem('refused', `connection refused by ${at}: is Redis running there, and is the port in SESSION_STORE_URL right?`, code);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new StoreProblem('host_not_found', `the Redis host "${target.host}" is not found (${code}): check the host name in SESSION_STORE_URL`, code);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new StoreProblem('unreachable', `Redis at ${at} is unreachable (${code}): check the network between the BFF and Redis`, code);
  if (code === 'ETIMEDOUT') return new StoreProblem('timeout', `Redis at ${at} did not answer (ETIMEDOUT): check the host, the port and the firewall`, code);
  if (code === 'ECONNRESET' || code === 'EPIPE') return closed(at, target, code);
  if (TLS_CODE.test(code)) return new StoreProblem('tls', `TLS handshake with Redis at ${at} failed (${code}): ${tlsHint(code, target)}`, code);
  return new StoreProblem('error', `Redis at ${at}: ${safeMessage(error, target)} (${code})`, code);
}

function classifyReply(reply: ErrorReply, target: RedisTarget, at: string): StoreProblem {
  const code = /^[A-Z]+/.exec(reply.message)?.[0] ?? 'ERR';
  switch (code) {
    case 'WRONGPASS':
      return new StoreProblem('auth_failed', `Redis at ${at} refused the user "${target.user}" and its password (WRONGPASS): check the user name and password in SESSION_STORE_URL (redis://user:password@host:port, special characters percent-encoded)`, code);
    case 'NOAUTH':
      return new StoreProblem('auth_failed', `Redis at ${at} requires a password (NOAUTH): put it in SESSION_STORE_URL (redis://:password@host:port, or redis://user:password@host:port for an ACL user)`, code);
    case 'NOPERM':
      return new StoreProblem('no_permission', `the Redis user "${target.user}" may not run a command or key the BFF needs (NOPERM): grant it the ACL rule in deploy/README.md (Managed Redis)`, code);
    case 'DENIED':
      return protectedMode(at);
    case 'READONLY':
      return new StoreProblem('read_only', `Redis at ${at} is a read-only replica (READONLY): point SESSION_STORE_URL at the primary endpoint`, code);
    case 'LOADING':
      return new StoreProblem('loading', `Redis at ${at} is loading its data into memory (LOADING): it answers once that is done`, code);
    default:
      return new StoreProblem('error', `Redis at ${at} answered an error: ${safeMessage(reply, target)}`, code);
  }
}

export function protectedMode(at: string): StoreProblem {
  return new StoreProblem(
    'protected_mode',
    `Redis at ${at} is in protected mode and refuses clients from other hosts (DENIED): give it a password (requirepass, or an ACL user) and put it in SESSION_STORE_URL, or run it with --protected-mode no on a private network only`,
    'DENIED',
  );
}

function closed(at: string, target: RedisTarget, code: string): StoreProblem {
  const hint = target.tls ? 'check that this port speaks TLS and the server accepts this client' : 'if this port expects TLS, use rediss://';
  return new StoreProblem('closed', `Redis at ${at} closed the connection before answering (${code}): ${hint}`, code);
}

function tlsHint(code: string, target: RedisTarget): string {
  if (UNTRUSTED.test(code)) return "the server's certificate is not signed by a CA the BFF trusts: set SESSION_STORE_CA_FILE to your Redis provider's CA certificate (PEM)";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `the server's certificate is not issued for "${target.host}": connect with the host name the certificate names`;
  if (code === 'CERT_HAS_EXPIRED') return "the server's certificate has expired";
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return 'the port does not speak TLS: use redis:// for a plain-text port, or the TLS port';
  return 'check SESSION_STORE_CA_FILE and that this port speaks TLS';
}

// Error texts from Redis and Node are not known to name a password; redacted all the same. Kept short.
function safeMessage(error: unknown, target: RedisTarget): string {
  const text = error instanceof Error ? error.message : String(error);
  return target.redact(text).split('\n')[0]?.slice(0, 200) ?? '';
}
