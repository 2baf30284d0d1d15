// Session times in words: when the session ends, and how long ago a device was last active.
// Two limits end a session and people mix them up when both are shown as bare times: the idle
// timeout (moves with every use of the app) and the absolute lifetime (fixed at login).
// Import-free, so tests/web can load it in Node.

export type SessionTimes = {
  /** Epoch seconds: the end if the app is not used again before then. */
  idleExpiresAt?: number | undefined;
  /** Epoch seconds: the end whatever the user does. */
  absoluteExpiresAt?: number | undefined;
  /** The idle timeout's length, when the BFF reports it. */
  idleTimeoutSeconds?: number | undefined;
};

export type WordingOptions = {
  /** Milliseconds since the epoch, as Date.now(). */
  now: number;
  /** For tests; the browser's own locale and time zone otherwise. */
  locale?: string;
  timeZone?: string;
};

/**
 * "You will be signed out after 30 minutes without activity, and at the latest at 18:40." —
 * or undefined when the BFF reported neither limit.
 */
export function describeSessionEnd(times: SessionTimes, options: WordingOptions): string | undefined {
  const idleTimeout = positive(times.idleTimeoutSeconds);
  const idleAt = positive(times.idleExpiresAt);
  const absoluteAt = positive(times.absoluteExpiresAt);
  const when = (epochSeconds: number) => describeMoment(epochSeconds, options);

  // Near the end of the lifetime the idle limit no longer matters: say only what will happen.
  if (absoluteAt !== undefined && idleAt !== undefined && absoluteAt <= idleAt) {
    return `You will be signed out ${when(absoluteAt)}, when the session reaches its maximum length.`;
  }
  const idle =
    idleTimeout !== undefined
      ? `after ${describeDuration(idleTimeout)} without activity`
      : idleAt !== undefined
        ? `${when(idleAt)} unless you use the app before then`
        : undefined;
  if (idle && absoluteAt !== undefined) return `You will be signed out ${idle}, and at the latest ${when(absoluteAt)}.`;
  if (idle) return `You will be signed out ${idle}.`;
  if (absoluteAt !== undefined) return `You will be signed out ${when(absoluteAt)} at the latest.`;
  return undefined;
}

/** "30 minutes", "1 hour", "1 hour 30 minutes", "45 seconds", "2 days". */
export function describeDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return count(whole, 'second');
  if (whole % 86_400 === 0) return count(whole / 86_400, 'day');
  if (whole < 3_600) return count(Math.round(whole / 60), 'minute');
  const hours = Math.floor(whole / 3_600);
  const minutes = Math.round((whole % 3_600) / 60);
  return minutes === 0 ? count(hours, 'hour') : `${count(hours, 'hour')} ${count(minutes, 'minute')}`;
}

/** "at 18:40" today, "tomorrow at 02:40", otherwise "on 3 Mar 2026 at 02:40". */
export function describeMoment(epochSeconds: number, options: WordingOptions): string {
  const { locale, timeZone, now } = options;
  const moment = new Date(epochSeconds * 1000);
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(moment);
  const day = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
  if (day.format(moment) === day.format(now)) return `at ${time}`;
  if (day.format(moment) === day.format(now + 86_400_000)) return `tomorrow at ${time}`;
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(moment);
  return `on ${date} at ${time}`;
}

/**
 * "just now", "5 minutes ago", "3 hours ago", "2 days ago": how long since a past moment, rounded
 * down, for "last active …". Under a minute is "just now": the BFF records activity no finer than
 * its touch interval (60 s by default), and a moment ahead of this device's clock (skew) is too.
 */
export function describeAgo(epochSeconds: number, now: number): string {
  const seconds = Math.floor(now / 1000 - epochSeconds);
  if (!(seconds >= 60)) return 'just now';
  if (seconds < 3_600) return `${count(Math.floor(seconds / 60), 'minute')} ago`;
  if (seconds < 86_400) return `${count(Math.floor(seconds / 3_600), 'hour')} ago`;
  return `${count(Math.floor(seconds / 86_400), 'day')} ago`;
}

/** One signed-in device's times, as GET /auth/sessions gives them (epoch seconds). */
export type DeviceTimes = { createdAt: number | undefined; lastSeenAt: number | undefined; current: boolean };

/** "Signed in at 09:12, last active 5 minutes ago"; this device is "active now" (it is in use). */
export function describeDeviceTimes(device: DeviceTimes, options: WordingOptions): string {
  const parts: string[] = [];
  if (device.createdAt !== undefined) parts.push(`Signed in ${describeMoment(device.createdAt, options)}`);
  if (device.current) parts.push('active now');
  else if (device.lastSeenAt !== undefined) parts.push(`last active ${describeAgo(device.lastSeenAt, options.now)}`);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function positive(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
