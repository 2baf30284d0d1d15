// @vue-bff/shared: what the idp, the api, the bff and `npm start` share (STYLE.md: shared plumbing
// lives once). Each service keeps its own settings; only the rules that must agree live here.
export { AUTH_CONFIG_KEYS, parseAuthConfig, readAuthConfig, type AuthConfig } from './auth-config.js';
export { ConfigError } from './config-error.js';
export { isLauncherReport, launchedByLauncher, reportToLauncher, stopWhenLauncherGone, type LauncherReport } from './dev-launcher.js';
export { discoveryWarning, probeDiscovery, type DiscoveryOutcome } from './discovery-probe.js';
export { HttpError, type HttpErrorOptions } from './http-error.js';
export { checkIssuerUrl, discoveryUrl, issuerUrl, resolveIssuer, type IssuerSetting } from './issuer.js';
export { scanJson, type JsonScan } from './json-syntax.js';
export { cannotListen, listen, listenOrExit, ListenError, type Listening } from './listen.js';
export { LOG_FORMATS, LOG_LEVELS, logOutput, readLogSettings, type LogFormat, type LogLevel, type LogOutput } from './log-output.js';
export { isLoopbackHost } from './loopback.js';
export { createServerLifecycle, type ServerLifecycle } from './server-lifecycle.js';
export { excerptAt, positionOf, type TextPosition } from './text-position.js';
