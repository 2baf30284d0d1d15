import net from 'node:net';
import { ConfigError } from '@vue-bff/shared';
import { SUBJECT, type ServicePlan } from './launch-settings.js';

// Before anything starts: every port this run needs must be free, both where the service will bind
// (LISTEN_HOST) and where the browser will knock (the URL's host: `localhost` may reach ::1 first,
// where another server can sit while 127.0.0.1 is free). A busy port stops the run before a banner
// could point at someone else's servers, with the setting that moves it under npm start.

export type PortProblem = Readonly<{ service: ServicePlan; reason: string }>;

const REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'in use',
  EACCES: 'reserved (ports below 1024 need privileges)',
};

export async function checkPorts(services: readonly ServicePlan[], listenHost: string): Promise<PortProblem[]> {
  const problems = await Promise.all(services.map(async (service): Promise<PortProblem | undefined> => {
    const bindError = await tryBind(service.port, listenHost);
    if (bindError === 'EADDRNOTAVAIL' || bindError === 'ENOTFOUND') {
      throw new ConfigError([`LISTEN_HOST=${listenHost} is not an address of this machine: unset it (127.0.0.1), or use 0.0.0.0 for every interface`], SUBJECT);
    }
    if (bindError) return { service, reason: REASONS[bindError] ?? bindError };
    if (await answers(new URL(service.url).hostname, service.port)) return { service, reason: 'in use' };
    return undefined;
  }));
  return problems.filter((problem) => problem !== undefined);
}

/** The message for ports that cannot be had, before the start or reported by a service during it. */
export function portsMessage(problems: readonly PortProblem[], command: string): string {
  const lines = problems.map(({ service, reason }) => {
    const hint = service.name === 'idp' ? '; if your own OpenID provider runs there, set DEV_IDP=false' : '';
    return `  ${service.port}  ${service.label} (${service.setting}=${service.url}): ${reason}${hint}`;
  });
  const moves = problems.map(({ service }) => `${service.setting}=${moved(service.url, service.port + 100)}`);
  const one = problems.length === 1;
  return [
    `Cannot start: ${one ? 'a port is' : 'ports are'} not free (is another ${command} still running?)`,
    ...lines,
    `Stop what runs there, or move ${one ? 'it' : 'them'}:`,
    `  ${moves.join(' ')} ${command}`,
  ].join('\n');
}

function moved(url: string, port: number): string {
  const next = new URL(url);
  next.port = String(port);
  return url.endsWith('/') ? next.href : next.href.replace(/\/$/, '');
}

function tryBind(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'EUNKNOWN'));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
