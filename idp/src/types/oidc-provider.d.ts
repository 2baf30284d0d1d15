// oidc-provider 8 ships no types and @types/oidc-provider is not installed: this declares the
// subset the dev IdP and its tests use. Checked against node_modules/oidc-provider/lib (8.8.1).
declare module 'oidc-provider' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type AnyObject = Record<string, unknown>;

  export type AdapterPayload = AnyObject & {
    consumed?: number;
    grantId?: string;
    uid?: string;
    userCode?: string;
  };

  export type Adapter = {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  };

  export type AccountClaims = AnyObject & { sub: string };

  export type Account = {
    accountId: string;
    claims(use: string, scope: string, claims: AnyObject, rejected: string[]): Promise<AccountClaims> | AccountClaims;
  };

  export type ResourceServerInfo = {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: 'opaque' | 'jwt';
    jwt?: { sign?: { alg?: string; kid?: string } };
  };

  export class Client {
    readonly clientId: string;
    readonly clientName?: string;
    readonly backchannelLogoutUri?: string;
    readonly postLogoutRedirectUris: string[];
    readonly redirectUris: string[];
    grantTypeAllowed(type: string): boolean;
    /** Sends a logout token (sub, and sid when session is required) to the client's back-channel URI. */
    backchannelLogout(sub: string, sid?: string): Promise<void>;
    static find(clientId: string): Promise<Client | undefined>;
  }

  export class Grant {
    constructor(properties?: { accountId?: string; clientId?: string });
    readonly jti: string;
    accountId?: string;
    clientId?: string;
    addOIDCScope(scope: string): void;
    rejectOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    rejectResourceScope(resource: string, scope: string): void;
    getOIDCScope(): string;
    getResourceScope(resource: string): string;
    save(ttl?: number): Promise<string>;
    destroy(): Promise<void>;
    static find(id: string): Promise<Grant | undefined>;
  }

  export type PromptDetail = { name: string; reasons: string[]; details: AnyObject };

  export class Interaction {
    readonly uid: string;
    readonly jti: string;
    readonly exp: number;
    prompt: PromptDetail;
    params: AnyObject;
    session?: { accountId: string; uid: string; cookie?: string };
    grantId?: string;
    returnTo: string;
    lastSubmission?: InteractionResults;
    result?: InteractionResults;
    save(ttl: number): Promise<string>;
    destroy(): Promise<void>;
    static find(id: string): Promise<Interaction | undefined>;
  }

  export type InteractionResults = {
    login?: { accountId: string; remember?: boolean; ts?: number; amr?: string[]; acr?: string };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
    [key: string]: unknown;
  };

  export class Session {
    readonly uid: string;
    readonly jti: string;
    accountId?: string;
    sidFor(clientId: string): string | undefined;
    grantIdFor(clientId: string): string | undefined;
    destroy(): Promise<void>;
    static find(cookieId: string): Promise<Session | undefined>;
    static findByUid(uid: string): Promise<Session | undefined>;
  }

  export class RefreshToken {
    readonly jti: string;
    accountId: string;
    clientId: string;
    grantId: string;
    consumed?: number;
    rotations?: number;
    scope?: string;
    static find(value: string, options?: { ignoreExpiration?: boolean }): Promise<RefreshToken | undefined>;
  }

  export type OIDCContext = {
    readonly params: AnyObject;
    readonly client?: Client;
    readonly route: string;
    readonly entities: AnyObject;
    readonly session?: Session;
    urlFor(name: string, opt?: AnyObject): string;
  };

  /** The Koa context oidc-provider hands to configuration helpers. */
  export type KoaContextWithOIDC = {
    oidc: OIDCContext;
    host: string;
    type: string;
    status: number;
    body: unknown;
    method: string;
    path: string;
    set(field: string, value: string): void;
  };

  export type OIDCError = Error & {
    error: string;
    error_description?: string;
    status: number;
    statusCode: number;
    expose: boolean;
  };

  export type ErrorOut = { error: string; error_description?: string; state?: string; [key: string]: unknown };

  export type Configuration = {
    adapter?: (modelName: string) => Adapter;
    clients?: AnyObject[];
    claims?: Record<string, null | string[]>;
    clientBasedCORS?: (ctx: KoaContextWithOIDC, origin: string, client: Client) => boolean;
    cookies?: {
      names?: { session?: string; interaction?: string; resume?: string };
      long?: AnyObject;
      short?: AnyObject;
      keys?: string[];
    };
    extraParams?: string[];
    features?: AnyObject;
    findAccount?: (ctx: KoaContextWithOIDC, sub: string, token?: unknown) => Promise<Account | undefined>;
    expiresWithSession?: (ctx: KoaContextWithOIDC, code: unknown) => Promise<boolean> | boolean;
    issueRefreshToken?: (ctx: KoaContextWithOIDC, client: Client, code: unknown) => Promise<boolean> | boolean;
    interactions?: { url?: (ctx: KoaContextWithOIDC, interaction: Interaction) => Promise<string> | string; policy?: unknown };
    jwks?: { keys: AnyObject[] };
    pkce?: { methods?: string[]; required?: (ctx: KoaContextWithOIDC, client: Client) => boolean };
    renderError?: (ctx: KoaContextWithOIDC, out: ErrorOut, error: Error) => Promise<void> | void;
    responseTypes?: string[];
    rotateRefreshToken?: boolean | ((ctx: KoaContextWithOIDC) => Promise<boolean> | boolean);
    routes?: Record<string, string>;
    scopes?: string[];
    ttl?: Record<string, number | ((...args: unknown[]) => number)>;
    [key: string]: unknown;
  };

  export default class Provider extends EventEmitter {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    proxy: boolean;
    /** The Koa request listener: mount it in express or pass it to http.createServer. */
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    cookieName(type: 'session' | 'interaction' | 'resume'): string;
    readonly Client: typeof Client;
    readonly Grant: typeof Grant;
    readonly Interaction: typeof Interaction;
    readonly Session: typeof Session;
    readonly RefreshToken: typeof RefreshToken;
  }

  export namespace errors {
    class OIDCProviderError extends Error {
      constructor(status: number, message: string);
      error: string;
      error_description?: string;
      status: number;
      statusCode: number;
      expose: boolean;
    }
    class InvalidTarget extends OIDCProviderError { constructor(description?: string, detail?: string); }
    class InvalidRequest extends OIDCProviderError { constructor(description?: string, code?: number, detail?: string); }
    class InvalidGrant extends OIDCProviderError { constructor(detail?: string); }
    class SessionNotFound extends InvalidRequest {}
    class AccessDenied extends OIDCProviderError { constructor(description?: string, detail?: string); }
  }
}
