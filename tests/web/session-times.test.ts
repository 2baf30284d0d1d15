import { describe, expect, it } from 'vitest';
import { describeAgo, describeDeviceTimes, describeDuration, describeMoment, describeSessionEnd, type DeviceTimes } from '../../web/src/session-times.js';

// 2026-03-03 17:10:00 UTC; times below are shown in UTC with a 24-hour British format.
const NOW = Date.UTC(2026, 2, 3, 17, 10) / 1000;
const options = { now: NOW * 1000, locale: 'en-GB', timeZone: 'UTC' };
const at = (hours: number, minutes: number, dayOffset = 0) => Date.UTC(2026, 2, 3 + dayOffset, hours, minutes) / 1000;

describe('describeSessionEnd', () => {
  it('idle timeout length and absolute end → "after 30 minutes without activity, and at the latest at 18:40"', () => {
    const times = { idleTimeoutSeconds: 1800, idleExpiresAt: at(17, 40), absoluteExpiresAt: at(18, 40) };
    expect(describeSessionEnd(times, options)).toBe('You will be signed out after 30 minutes without activity, and at the latest at 18:40.');
  });

  it('no idle timeout length (an older BFF) → the idle end as a time, "unless you use the app before then"', () => {
    const times = { idleExpiresAt: at(17, 40), absoluteExpiresAt: at(18, 40) };
    expect(describeSessionEnd(times, options)).toBe(
      'You will be signed out at 17:40 unless you use the app before then, and at the latest at 18:40.',
    );
  });

  it('the absolute end comes before the idle end → only the absolute end, said to be the maximum', () => {
    const times = { idleTimeoutSeconds: 1800, idleExpiresAt: at(17, 40), absoluteExpiresAt: at(17, 25) };
    expect(describeSessionEnd(times, options)).toBe('You will be signed out at 17:25, when the session reaches its maximum length.');
  });

  it('the absolute end tomorrow → "tomorrow at 01:10"', () => {
    const times = { idleTimeoutSeconds: 1800, absoluteExpiresAt: at(1, 10, 1) };
    expect(describeSessionEnd(times, options)).toBe('You will be signed out after 30 minutes without activity, and at the latest tomorrow at 01:10.');
  });

  it('the absolute end days away → its date and time', () => {
    expect(describeSessionEnd({ absoluteExpiresAt: at(9, 0, 5) }, options)).toBe('You will be signed out on 8 Mar 2026 at 09:00 at the latest.');
  });

  it('only the idle timeout → one clause', () => {
    expect(describeSessionEnd({ idleTimeoutSeconds: 5400 }, options)).toBe('You will be signed out after 1 hour 30 minutes without activity.');
  });

  it('nothing reported, or nonsense (0, negative, NaN) → undefined', () => {
    expect(describeSessionEnd({}, options)).toBeUndefined();
    expect(describeSessionEnd({ idleTimeoutSeconds: 0, idleExpiresAt: -1, absoluteExpiresAt: Number.NaN }, options)).toBeUndefined();
  });
});

describe('describeDuration', () => {
  it.each([
    [1, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [1800, '30 minutes'],
    [3600, '1 hour'],
    [5400, '1 hour 30 minutes'],
    [28_800, '8 hours'],
    [86_400, '1 day'],
    [172_800, '2 days'],
  ])('%i s → "%s"', (seconds, words) => {
    expect(describeDuration(seconds)).toBe(words);
  });
});

describe('describeMoment', () => {
  it('the same day in the given time zone → "at HH:MM"', () => {
    expect(describeMoment(at(23, 59), options)).toBe('at 23:59');
  });

  it('23:30 UTC seen from Berlin (UTC+1), where it is already the next day → "tomorrow at 00:30"', () => {
    expect(describeMoment(at(23, 30), { ...options, timeZone: 'Europe/Berlin' })).toBe('tomorrow at 00:30');
  });
});

describe('describeAgo', () => {
  it.each([
    [0, 'just now'],
    [59, 'just now'],
    [60, '1 minute ago'],
    [5 * 60 + 59, '5 minutes ago'],
    [3_599, '59 minutes ago'],
    [3_600, '1 hour ago'],
    [2 * 3_600 + 1_800, '2 hours ago'],
    [86_399, '23 hours ago'],
    [86_400, '1 day ago'],
    [3 * 86_400, '3 days ago'],
  ])('%i s before now → "%s"', (secondsBefore, words) => {
    expect(describeAgo(NOW - secondsBefore, NOW * 1000)).toBe(words);
  });

  it('a moment ahead of this clock (the server\'s clock is fast) → "just now", never "-3 minutes ago"', () => {
    expect(describeAgo(NOW + 180, NOW * 1000)).toBe('just now');
  });

  it('NaN → "just now", not "NaN days ago"', () => {
    expect(describeAgo(Number.NaN, NOW * 1000)).toBe('just now');
  });
});

const times = (extra: Partial<DeviceTimes> = {}): DeviceTimes => ({ createdAt: NOW - 3_600, lastSeenAt: NOW - 300, current: false, ...extra });

describe('describeDeviceTimes', () => {
  it('another device → "Signed in at 16:10, last active 5 minutes ago"', () => {
    expect(describeDeviceTimes(times(), options)).toBe('Signed in at 16:10, last active 5 minutes ago');
  });

  it('this device → "active now", whatever the last recorded activity', () => {
    expect(describeDeviceTimes(times({ current: true, lastSeenAt: NOW - 600 }), options)).toBe('Signed in at 16:10, active now');
  });

  it('signed in on another day → the date', () => {
    expect(describeDeviceTimes(times({ createdAt: NOW - 2 * 86_400 }), options)).toBe(
      'Signed in on 1 Mar 2026 at 17:10, last active 5 minutes ago',
    );
  });

  it('no sign-in time → starts with a capital: "Last active just now"', () => {
    expect(describeDeviceTimes(times({ createdAt: undefined, lastSeenAt: NOW }), options)).toBe('Last active just now');
  });

  it('no times at all → nothing to say', () => {
    expect(describeDeviceTimes(times({ createdAt: undefined, lastSeenAt: undefined }), options)).toBe('');
  });
});
