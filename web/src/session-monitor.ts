import { watch } from 'vue';
import { endSession, refreshSession, session } from './session';
import { broadcastSession, onSessionMessage } from './session-channel';

// How often a visible tab asks the BFF whether its session still exists. It catches what no tab
// can announce: expiry, and a back-channel logout from the identity provider.
export const SESSION_POLL_INTERVAL_MS = 30_000;
// Focus and visibility events come in bursts; one check answers them all.
const MIN_CHECK_GAP_MS = 2_000;
// The BFF's clock decides expiry; checking a moment after ours avoids asking just too early.
const EXPIRY_GRACE_MS = 1_000;
// setTimeout overflows beyond this (about 24.8 days) and would fire at once.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export function startSessionMonitor(): () => void {
  let pollTimer: number | undefined;
  let expiryTimer: number | undefined;
  let lastCheck = 0;

  async function check(): Promise<void> {
    lastCheck = Date.now();
    try {
      await refreshSession({ mayRevive: false });
    } finally {
      rearm();
    }
  }

  function checkSoon(): void {
    if (session.value.status === 'authenticated' && Date.now() - lastCheck >= MIN_CHECK_GAP_MS) void check();
  }

  function rearm(): void {
    window.clearTimeout(pollTimer);
    window.clearTimeout(expiryTimer);
    const current = session.value;
    if (current.status !== 'authenticated') return;
    // A hidden tab does not poll: it checks when it becomes visible again.
    if (document.visibilityState === 'visible') {
      pollTimer = window.setTimeout(() => void check(), SESSION_POLL_INTERVAL_MS);
    }
    // Notice an absolute or idle expiry on time rather than up to one poll interval late.
    const expiries = [current.expiresAt, current.idleExpiresAt].filter((t): t is number => typeof t === 'number');
    if (expiries.length > 0) {
      const delay = Math.min(...expiries) * 1000 - Date.now() + EXPIRY_GRACE_MS;
      if (delay < SESSION_POLL_INTERVAL_MS) {
        expiryTimer = window.setTimeout(() => void check(), Math.max(0, Math.min(delay, MAX_TIMEOUT_MS)));
      }
    }
  }

  const onVisibility = () => {
    if (document.visibilityState === 'visible') checkSoon();
    rearm();
  };
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('focus', checkSoon);

  const stopMessages = onSessionMessage((message) => {
    // 'logout' arrives before the other tab even leaves for the BFF: act at once, trust no stale poll.
    if (message === 'logout') endSession();
    // Another tab logged in: the shared cookie may now carry a live session for this tab too.
    else void refreshSession({ mayRevive: true });
  });

  const stopWatch = watch(session, (current, previous) => {
    rearm();
    if (current.status === 'authenticated' && previous.status !== 'authenticated') broadcastSession('login');
  });
  rearm();

  return () => {
    window.clearTimeout(pollTimer);
    window.clearTimeout(expiryTimer);
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('focus', checkSoon);
    stopMessages();
    stopWatch();
  };
}
