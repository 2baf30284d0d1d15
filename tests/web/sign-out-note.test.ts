import { describe, expect, it } from 'vitest';
import { noteSignOut, takeSignOutNote } from '../../web/src/sign-out-note.js';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('the sign-out note', () => {
  it('noted before the logout → taken once on return, then gone', () => {
    const storage = memoryStorage();
    noteSignOut(storage);
    expect(takeSignOutNote(storage)).toBe(true);
    expect(takeSignOutNote(storage)).toBe(false);
    expect(storage.items.size).toBe(0);
  });

  it('no note (an ordinary visit to /) → false', () => {
    expect(takeSignOutNote(memoryStorage())).toBe(false);
  });

  it('storage that throws (disabled by privacy settings) → no note, no error', () => {
    const refusing = {
      getItem: () => { throw new DOMException('denied', 'SecurityError'); },
      setItem: () => { throw new DOMException('full', 'QuotaExceededError'); },
      removeItem: () => { throw new DOMException('denied', 'SecurityError'); },
    };
    expect(() => noteSignOut(refusing)).not.toThrow();
    expect(takeSignOutNote(refusing)).toBe(false);
  });

  it('no sessionStorage at all (Node) → no note, no error', () => {
    expect(() => noteSignOut()).not.toThrow();
    expect(takeSignOutNote()).toBe(false);
  });
});
