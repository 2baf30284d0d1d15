// After Log out the browser leaves for the BFF and the identity provider and comes back to `/`,
// the post-logout URL registered at the provider, with nothing to say that it signed out. This tab
// notes the logout just before it leaves, and the router reads (and removes) the note on return
// to show "You have signed out". A flag in sessionStorage: this tab only, no user data, no token.
// Import-free, so tests/web can load it in Node with a stand-in storage.

const KEY = 'bff-demo.signed-out';

type NoteStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function noteSignOut(storage: NoteStorage | undefined = tabStorage()): void {
  try {
    storage?.setItem(KEY, '1');
  } catch {
    // Storage full or refused: the user lands on the home page instead, which is still correct.
  }
}

/** True once after noteSignOut; the note is gone afterwards, whatever it held. */
export function takeSignOutNote(storage: NoteStorage | undefined = tabStorage()): boolean {
  try {
    const noted = storage?.getItem(KEY) === '1';
    storage?.removeItem(KEY);
    return noted;
  } catch {
    return false;
  }
}

function tabStorage(): NoteStorage | undefined {
  try {
    // Reading the property itself throws where storage is disabled (some privacy settings).
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}
