import { ConfigError, isLoopbackHost, resolveIssuer, type AuthConfig } from '@vue-bff/shared';
import { chooseDevIdp, type DevIdpChoice } from './dev-idp.js';

// What `npm start` / `npm run dev` will run, decided once from the environment and auth_config.json
// before anything starts. Every problem names the setting that fixes it *under npm start*: the
// services' own PORT does not apply here, each port comes from the URL the service is reached at.

type Env = Readonly<Record<string, string | undefined>>;
export type UrlSetting = 'ISSUER_BASE_URL' | 'API_BASE_URL' | 'APP_BASE_URL';

export type ServicePlan = Readonly<{
  name: 'idp' | 'api' | 'bff';
  /** How messages name it: "the dev IdP", "the API", "the app (BFF)". */
  label: string;
  setting: UrlSetting;
  url: string;
  port: number;
  healthUrl: string;
  file: string;
}>;

export type LaunchSettings = Readonly<{
  command: string;
  issuer: string;
  devIdp: DevIdpChoice;
  /** 127.0.0.1 unless LISTEN_HOST opens the services deliberately. */
  listenHost: string;
  services: readonly ServicePlan[];
}>;

export const SUBJECT = 'npm start settings';

export function launchSettings(env: Env, authConfig: AuthConfig, dev: boolean): LaunchSettings {
  const problems: string[] = [];
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(['NODE_ENV=production: npm start runs development servers and secrets; deploy with docker compose (README, Deploy)'], SUBJECT);
  }
  const found = resolveIssuer(env, authConfig);
  if (found.kind !== 'found') throw new ConfigError([found.problem], SUBJECT);
  const issuer = found.issuer;
  const fromFile = (key: string) => (typeof authConfig[key] === 'string' && authConfig[key] !== '' ? (authConfig[key] as string) : undefined);
  const app = serviceUrl('APP_BASE_URL', env.APP_BASE_URL || fromFile('appBaseURL') || 'http://localhost:3000', problems);
  const api = serviceUrl('API_BASE_URL', env.API_BASE_URL || fromFile('apiBaseURL') || 'http://localhost:3001', problems);

  const choice = chooseDevIdp(env.DEV_IDP, issuer);
  if ('problem' in choice) problems.push(choice.problem);
  const devIdp: DevIdpChoice = 'problem' in choice ? { start: false, reason: choice.problem } : choice;
  if (!devIdp.start && (!env.CLIENT_SECRET || !env.SESSION_SECRET) && !('problem' in choice)) {
    problems.push(`the issuer ${issuer} is not the development IdP (${devIdp.reason}): set CLIENT_SECRET (from your provider) `
      + 'and SESSION_SECRET (`openssl rand -base64 48`)');
  }

  const plans: ServicePlan[] = [];
  if (devIdp.start) {
    const url = new URL(issuer);
    plans.push(plan('idp', 'the dev IdP', 'ISSUER_BASE_URL', issuer, url, issuer.replace(/\/+$/, '') + '/healthz'));
  }
  if (api) plans.push(plan('api', 'the API', 'API_BASE_URL', api.href.replace(/\/$/, ''), api, new URL('/healthz', api).href));
  if (app) plans.push(plan('bff', 'the app (BFF)', 'APP_BASE_URL', app.href.replace(/\/$/, ''), app, new URL('/healthz', app).href));

  const listenHost = env.LISTEN_HOST?.trim() || '127.0.0.1';
  const loopbackOnly = isLoopbackHost(listenHost);
  for (const service of plans) {
    const { hostname } = new URL(service.url);
    if (loopbackOnly && !isLoopbackHost(hostname)) {
      problems.push(`${service.setting} ${service.url} is not on a loopback name, but npm start binds the services to ${listenHost} only: `
        + 'use localhost, or set LISTEN_HOST=0.0.0.0 to open them to your network deliberately (the demo passwords are public)');
    }
    const other = plans.find((candidate) => candidate !== service && candidate.port === service.port);
    if (other && plans.indexOf(other) > plans.indexOf(service)) {
      problems.push(`${service.setting} and ${other.setting} use the same port ${service.port}: give each service its own`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems, SUBJECT);
  return Object.freeze({ command: dev ? 'npm run dev' : 'npm start', issuer, devIdp, listenHost, services: Object.freeze(plans) });
}

function plan(name: ServicePlan['name'], label: string, setting: UrlSetting, url: string, parsed: URL, healthUrl: string): ServicePlan {
  const port = Number(parsed.port) || (parsed.protocol === 'https:' ? 443 : 80);
  return { name, label, setting, url, port, healthUrl, file: `${name}/src/server.ts` };
}

function serviceUrl(setting: UrlSetting, value: string, problems: string[]): URL | undefined {
  const url = URL.parse(value.trim());
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash) {
    problems.push(`${setting} must be an http(s) origin such as http://localhost:3000, got "${value}"`);
    return undefined;
  }
  return url;
}
