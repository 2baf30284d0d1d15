import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api.js';
import {
  alreadySignedOutNote,
  confirmSignOutAllButton,
  confirmSignOutAllQuestion,
  loadProblem,
  readDevices,
  signOutProblem,
  signedOutNote,
} from '../../web/src/signed-in-devices.js';

// 2026-03-03 17:10:00 UTC.
const NOW = Date.UTC(2026, 2, 3, 17, 10) / 1000;
const entry = (id: string, createdAt: number, extra: Record<string, unknown> = {}) => ({
  id,
  createdAt,
  lastSeenAt: createdAt,
  current: false,
  device: 'Chrome on Linux',
  ...extra,
});
describe('readDevices', () => {
  it('the BFF\'s list → this device first, then the others newest first', () => {
    const body = { sessions: [entry('new', NOW - 10), entry('me', NOW - 20, { current: true }), entry('old', NOW - 30)] };
    expect(readDevices(body)?.map((d) => d.id)).toEqual(['me', 'new', 'old']);
  });

  it('the others out of order → sorted newest first all the same', () => {
    const body = { sessions: [entry('old', NOW - 30), entry('new', NOW - 10)] };
    expect(readDevices(body)?.map((d) => d.id)).toEqual(['new', 'old']);
  });

  it('an entry without a handle → left out (it could not be signed out); the rest kept', () => {
    const body = { sessions: [entry('', NOW), { ...entry('x', NOW), id: 42 }, 'junk', null, entry('ok', NOW)] };
    expect(readDevices(body)?.map((d) => d.id)).toEqual(['ok']);
  });

  it('no device name, bad times, current not a boolean → "An unknown browser", no times, not current', () => {
    const body = { sessions: [{ id: 'a', device: '  ', createdAt: 'yesterday', lastSeenAt: -5, current: 'yes' }] };
    expect(readDevices(body)).toEqual([{ id: 'a', device: 'An unknown browser', current: false, createdAt: undefined, lastSeenAt: undefined }]);
  });

  it.each([[undefined], [null], [[]], [{}], [{ sessions: 'none' }], ['<html>']])('%j → undefined (not a list)', (body) => {
    expect(readDevices(body)).toBeUndefined();
  });

  it('an empty list → an empty list, not a failure', () => {
    expect(readDevices({ sessions: [] })).toEqual([]);
  });
});

describe('the sentences', () => {
  it('one other device → "the other device", "1 device"', () => {
    expect(confirmSignOutAllQuestion(1)).toBe('Sign out the other device? It will have to log in again. This device stays signed in.');
    expect(confirmSignOutAllButton(1)).toBe('Yes, sign out 1 device');
  });

  it('three other devices → "all 3 other devices", "3 devices"', () => {
    expect(confirmSignOutAllQuestion(3)).toBe('Sign out all 3 other devices? They will have to log in again. This device stays signed in.');
    expect(confirmSignOutAllButton(3)).toBe('Yes, sign out 3 devices');
  });

  it('a device signed out, or already gone → says which', () => {
    expect(signedOutNote('Safari on iOS')).toBe('Signed out Safari on iOS.');
    expect(alreadySignedOutNote('Safari on iOS')).toBe('Safari on iOS was already signed out.');
  });

  it('a 503 from the BFF → the server, not "the API", could not answer', () => {
    expect(loadProblem(new ApiError(503, 'store_unavailable'))).toBe('The server could not answer just now — try again.');
    expect(signOutProblem('Safari on iOS', new ApiError(500, 'server_error'))).toBe(
      'Could not sign out Safari on iOS. The server could not answer just now — try again.',
    );
  });

  it('no such route (an older BFF) → says the server does not list devices', () => {
    expect(loadProblem(new ApiError(404, 'not_found'))).toBe('This server does not list signed-in devices.');
  });

  it('offline, or a refusal → api.ts\'s sentence', () => {
    expect(loadProblem(new ApiError(0, 'network_error'))).toBe(new ApiError(0, 'network_error').message);
    expect(signOutProblem('Safari on iOS', new ApiError(403, 'csrf'))).toMatch(/^Could not sign out Safari on iOS\. The request was refused as a possible cross-site request\./);
  });
});
