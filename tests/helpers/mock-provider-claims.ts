import { randomUUID } from 'node:crypto';

import { ALICE, ENTRA_TENANT, subjectOf, type Grant, type ProviderShape } from './mock-provider-shapes.js';

// The claims each provider puts into its access and ID tokens (beyond iss, iat, nbf, exp, which
// oauth2-mock-server sets), and the access token's `typ` header. What a resource server must cope
// with is noted at each provider.

type Claims = Record<string, unknown>;

const scopeString = (grant: Grant) => [...grant.oidcScopes, ...grant.apiScopes].join(' ');
const organizationClaims = (grant: Grant) => (grant.organization
  ? { org_id: grant.organization.id, ...(grant.organization.name ? { org_name: grant.organization.name.toLowerCase() } : {}) }
  : {});

export function accessTokenClaims(shape: ProviderShape, grant: Grant, issuer: string): Claims {
  const sub = subjectOf(shape);
  switch (shape) {
    // Auth0: `aud` is an array when `openid` was asked for — the API plus <issuer>userinfo (so the
    // same token also reads /userinfo). Scopes twice: `scope` (requested and granted) and, with RBAC
    // "Add Permissions in the Access Token", `permissions` (every permission the user has).
    case 'auth0':
      return {
        sub,
        aud: grant.oidcScopes.includes('openid') ? [grant.audience, `${issuer}userinfo`] : grant.audience,
        azp: grant.clientId,
        scope: scopeString(grant),
        permissions: [...grant.userScopes],
        ...organizationClaims(grant),
      };
    // Entra v2 (manifest "accessTokenAcceptedVersion": 2): `aud` is the API's application id,
    // scopes in `scp` as ONE space-separated string without the api://… prefix, `ver: "2.0"`.
    // v1 tokens (the default!) have the issuer https://sts.windows.net/<tenant>/ instead.
    case 'entra':
      return {
        sub, aud: grant.audience, azp: grant.clientId, azpacr: '1', scp: grant.apiScopes.join(' '),
        tid: ENTRA_TENANT, oid: '00000000-0000-0000-66f3-3332eca7ea81', name: ALICE.name,
        preferred_username: ALICE.email, uti: randomUUID().slice(0, 22), ver: '2.0',
      };
    // Keycloak: `aud` holds the API only through an audience mapper, next to `account`; a claim
    // `typ: "Bearer"` (not the header); roles in realm_access/resource_access, scopes in `scope`.
    // Before Keycloak 25 access tokens also carried `nonce` (keycloak#26893), modelled here as 25+.
    case 'keycloak':
      return {
        sub, aud: [grant.audience, 'account'], typ: 'Bearer', azp: grant.clientId, sid: grant.sid, jti: randomUUID(), acr: '1',
        realm_access: { roles: ['default-roles-demo', 'offline_access', 'uma_authorization'] },
        resource_access: { account: { roles: ['manage-account', 'view-profile'] } },
        scope: scopeString(grant), email_verified: true, name: ALICE.name, preferred_username: 'alice', email: ALICE.email,
      };
    // Okta custom authorization server: scopes in `scp` as an ARRAY, the client in `cid`, `sub` is
    // the login (an email), the user id in `uid`.
    case 'okta':
      return {
        sub: ALICE.email, uid: sub, aud: grant.audience, cid: grant.clientId, scp: [...grant.oidcScopes, ...grant.apiScopes],
        ver: 1, jti: `AT.${randomUUID()}`,
      };
    // LemonLDAP::NG (JWT access tokens on): `aud` holds the client id and the "additional audiences".
    case 'lemonldap':
      return { sub, aud: [grant.clientId, grant.audience], client_id: grant.clientId, scope: scopeString(grant), jti: randomUUID() };
  }
}

// Keycloak, Okta and LemonLDAP::NG also put `at_hash` into ID tokens. The mock leaves it out: the
// library signs the ID token before its hooks could see the signed access token, and a wrong
// at_hash would fail the relying party's check. ID tokens carry `nonce` only from a code exchange.
export function idTokenClaims(shape: ProviderShape, grant: Grant): Claims {
  const common = {
    sub: subjectOf(shape), aud: grant.clientId, sid: grant.sid,
    ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
    name: ALICE.name, email: ALICE.email, email_verified: true,
  };
  switch (shape) {
    case 'auth0':
      return { ...common, nickname: 'alice', ...organizationClaims(grant) };
    case 'entra':
      return { ...common, tid: ENTRA_TENANT, oid: '00000000-0000-0000-66f3-3332eca7ea81', preferred_username: ALICE.email, ver: '2.0' };
    case 'keycloak':
      return { ...common, typ: 'ID', azp: grant.clientId, preferred_username: 'alice' };
    case 'okta':
      return { ...common, ver: 1, amr: ['pwd'], jti: `ID.${randomUUID()}` };
    // The ID token's `aud` gets the additional audiences too: an API that checks only `aud`
    // accepts this ID token as an access token (issue item 6).
    case 'lemonldap':
      return { ...common, aud: [grant.clientId, grant.audience], azp: grant.clientId };
  }
}

/** RFC 9068 says `at+jwt`; in practice Auth0, Entra, Keycloak and Okta send `JWT`. */
export function accessTokenType(shape: ProviderShape): string {
  return shape === 'lemonldap' ? 'at+jwt' : 'JWT';
}
