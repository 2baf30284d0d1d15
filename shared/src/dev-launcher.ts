// `npm start` / `npm run dev` (scripts/start.ts) spawn the services with an IPC channel. Over it a
// service says where it listens, or that it could not: the launcher prints the banner only when
// every one of *its own* processes has said so (a health check alone may reach another stack on
// the same port), and it names the setting that moves a port under npm start (APP_BASE_URL…),
// which the service itself cannot know. Without the channel (docker, tests, `tsx server.ts`)
// nothing here does anything.

export type LauncherReport =
  | Readonly<{ type: 'listening'; port: number; host: string }>
  | Readonly<{ type: 'listen-failed'; port: number; host: string; code: string }>;

export function isLauncherReport(message: unknown): message is LauncherReport {
  const report = message as Partial<LauncherReport> | null;
  return typeof report === 'object' && report !== null && (report.type === 'listening' || report.type === 'listen-failed')
    && typeof report.port === 'number' && typeof report.host === 'string';
}

export function launchedByLauncher(): boolean {
  return typeof process.send === 'function' && process.connected;
}

/** Sends the report when started by the launcher; resolves true once it is handed over. */
export function reportToLauncher(report: LauncherReport): Promise<boolean> {
  if (!launchedByLauncher()) return Promise.resolve(false);
  return new Promise((resolve) => {
    process.send?.(report, undefined, {}, (error: Error | null) => resolve(error === null));
  });
}

/**
 * The launcher died (Ctrl-C on a stuck launcher, a test killing it): shut down instead of running
 * on as an orphan that holds the port. The channel itself must not keep the process alive.
 */
export function stopWhenLauncherGone(stop: () => void): void {
  if (!launchedByLauncher()) return;
  process.once('disconnect', stop);
  process.channel?.unref();
}
