import { createHash, timingSafeEqual } from 'node:crypto';

export type User = Readonly<{
  /** The stable `sub` claim. */
  id: string;
  email: string;
  password: string;
  name: string;
  givenName: string;
  familyName: string;
  /** API scopes this user may be granted; anything else requested is rejected at login. */
  scopes: readonly string[];
  picture: string;
}>;

// The demo accounts of docs/contract.md; alice lacks admin:messages on purpose (the 403 demo).
export const USERS: readonly User[] = Object.freeze([
  user('user-alice', 'alice@example.com', 'alice-demo-password', 'Alice', 'Liddell', ['read:messages'], '#7c3aed'),
  user('user-bob', 'bob@example.com', 'bob-demo-password', 'Bob', 'Admin', ['read:messages', 'admin:messages'], '#0f766e'),
]);

export function findUserById(id: string): User | undefined {
  return USERS.find((candidate) => candidate.id === id);
}

/** The user whose email and password both match, else undefined (never says which one was wrong). */
export function authenticate(email: string, password: string): User | undefined {
  const found = USERS.find((candidate) => candidate.email === email.trim().toLowerCase());
  // Compare even for an unknown email so the response time does not reveal which emails exist.
  const matches = sameSecret(password, found?.password ?? 'no-such-user-password');
  return found && matches ? found : undefined;
}

/** OIDC standard claims; oidc-provider masks them by the granted scopes (profile, email). */
export function claimsOf(account: User): Record<string, unknown> & { sub: string } {
  return {
    sub: account.id,
    name: account.name,
    given_name: account.givenName,
    family_name: account.familyName,
    picture: account.picture,
    email: account.email,
    email_verified: true,
  };
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function user(id: string, email: string, password: string, givenName: string, familyName: string,
  scopes: string[], color: string): User {
  const name = `${givenName} ${familyName}`;
  return Object.freeze({ id, email, password, name, givenName, familyName, scopes: Object.freeze(scopes), picture: avatar(givenName, familyName, color) });
}

/** A self-contained avatar (initials on a colour) as a data: URI: no request to any other host. */
function avatar(givenName: string, familyName: string, color: string): string {
  const initials = `${givenName[0] ?? ''}${familyName[0] ?? ''}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">`
    + `<rect width="64" height="64" rx="32" fill="${color}"/>`
    + `<text x="32" y="40" font-family="sans-serif" font-size="24" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
