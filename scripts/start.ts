// `npm start` / `npm run dev`: the development IdP (when the issuer is the dev IdP, see
// scripts/start/dev-idp.ts), the API and the BFF as three processes on 127.0.0.1, with the
// development secrets of idp/src/dev-defaults.ts and readable logs. Ctrl-C stops all.
//
// Order: settings and auth_config.json are checked, then every port; only then does anything start,
// the dev IdP first (the BFF checks the issuer as it starts). The banner comes once each process
// started here has reported its own listening socket over IPC and its URL answers /healthz.
import { fileURLToPath } from 'node:url';
import { ConfigError, readAuthConfig } from '@vue-bff/shared';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../idp/src/dev-defaults.js';
import { USERS } from '../idp/src/users.js';
import { banner } from './start/banner.js';
import { startService, type RunningService } from './start/child-service.js';
import { launchSettings, SUBJECT, type LaunchSettings, type ServicePlan } from './start/launch-settings.js';
import { checkPorts, portsMessage } from './start/port-check.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// tsx compiles each service on its first start, and Vite prepares the app under `npm run dev`:
// generous on a busy machine, and only ever reached when something hangs.
const START_TIMEOUT_MS = 120_000;
const HEALTH_TIMEOUT_MS = 10_000;
// Each service finishes in-flight requests for up to 10 s after SIGTERM.
const STOP_TIMEOUT_MS = 15_000;

const env = process.env;
const colour = !('NO_COLOR' in env) && (process.stdout.isTTY === true || 'FORCE_COLOR' in env);
const running: RunningService[] = [];
let stopping = false;

function settingsOrExit(): LaunchSettings {
  try {
    const authConfig = readAuthConfig(env.AUTH_CONFIG || `${ROOT}auth_config.json`, SUBJECT);
    return launchSettings(env, authConfig, process.argv.includes('--dev'));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const service of running) if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGTERM');
  setTimeout(() => {
    for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGKILL');
    process.exit(code);
  }, STOP_TIMEOUT_MS).unref();
  await Promise.all(running.map((service) => service.exited));
  process.exit(code);
}

function fail(message: string): Promise<never> {
  if (!stopping) console.error(message);
  return stopAll(1).then(() => new Promise<never>(() => undefined));
}

async function launch(plan: ServicePlan, childEnv: NodeJS.ProcessEnv): Promise<void> {
  const service = startService(plan, { ...childEnv, PORT: String(plan.port) }, { root: ROOT, colour });
  running.push(service);
  void service.exited.then((code) => {
    if (!stopping) void fail(`[${plan.name}] stopped (exit ${code}); stopping the others.`);
  });
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), START_TIMEOUT_MS).unref());
  const outcome = await Promise.race([service.started, timeout]);
  if (outcome === 'timeout') return fail(`${plan.label} did not start listening within ${START_TIMEOUT_MS / 1000} s; stopping.`);
  if (outcome.kind === 'listen-failed') return fail(portsMessage([{ service: plan, reason: outcome.code === 'EADDRINUSE' ? 'in use' : outcome.code }], settings.command));
  if (outcome.kind === 'exited') return new Promise<never>(() => undefined); // reported by the exit handler above
}

async function answers(plan: ServicePlan): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const ok = await fetch(plan.healthUrl, { signal: AbortSignal.timeout(2000) }).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return fail(`${plan.label} listens, but ${plan.healthUrl} does not answer: does ${plan.setting} point at this machine?`);
}

const settings = settingsOrExit();
const busy = await checkPorts(settings.services, settings.listenHost).catch((error: unknown) => {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
});
if (busy.length > 0) {
  console.error(portsMessage(busy, settings.command));
  process.exit(1);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
const urlOf = (name: ServicePlan['name']) => settings.services.find((service) => service.name === name)?.url;
const childEnv: NodeJS.ProcessEnv = {
  ...env,
  // Every service gets the decisions made here, so none falls back to a different default.
  ISSUER_BASE_URL: settings.issuer,
  IDP_ISSUER: settings.issuer,
  APP_BASE_URL: urlOf('bff'),
  API_BASE_URL: urlOf('api'),
  LISTEN_HOST: settings.listenHost,
  LOG_FORMAT: env.LOG_FORMAT || 'pretty',
  LOG_LEVEL: env.LOG_LEVEL || 'warn',
  ...(colour ? { FORCE_COLOR: '1' } : {}),
  ...(settings.devIdp.start ? { CLIENT_SECRET: env.CLIENT_SECRET || DEV_CLIENT_SECRET, SESSION_SECRET: env.SESSION_SECRET || DEV_SESSION_SECRET } : {}),
};
const [first, ...rest] = settings.services;
// The dev IdP first, so the BFF finds the issuer when it checks it at start.
if (first?.name === 'idp') await launch(first, childEnv);
await Promise.all((first?.name === 'idp' ? rest : settings.services).map((plan) =>
  launch(plan, plan.name === 'bff' && settings.command === 'npm run dev' ? { ...childEnv, WEB_DEV: '1' } : childEnv)));
await Promise.all(settings.services.map(answers));
console.log(banner(settings, USERS[0]));
