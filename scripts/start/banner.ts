import type { LaunchSettings } from './launch-settings.js';

/** What `npm start` prints once every service it started has reported listening and answers /healthz. */
export function banner(settings: LaunchSettings, demo: { email: string; password: string } | undefined): string {
  const url = (name: string) => settings.services.find((service) => service.name === name)?.url ?? '';
  const dev = settings.command === 'npm run dev';
  const listening = settings.listenHost === '127.0.0.1'
    ? '127.0.0.1 only (LISTEN_HOST=0.0.0.0 opens the services to your network)'
    : `${settings.listenHost} (LISTEN_HOST)`;
  const provider = settings.devIdp.start
    ? [`  Dev IdP      ${url('idp')}`, ...(demo ? [`  Demo login   ${demo.email} / ${demo.password}`] : [])]
    : [`  Issuer       ${settings.issuer}   (not started here: ${settings.devIdp.reason})`];
  return [
    '',
    `  App          ${url('bff')}${dev ? '   (Vite hot reload)' : ''}`,
    `  API          ${url('api')}`,
    ...provider,
    `  Listening    ${listening}`,
    '',
    '  Ctrl-C stops them all.',
    '',
  ].join('\n');
}
