// Tabs of this app tell each other about logins and logouts at once, without a server round trip.
// A BroadcastChannel reaches same-origin tabs only and stores nothing (no localStorage event trick).
export type SessionMessage = 'logout' | 'login';

const CHANNEL_NAME = 'bff-session';
let channel: BroadcastChannel | undefined;

function open(): BroadcastChannel | undefined {
  // Old browsers without BroadcastChannel still get the server-side poll.
  if (typeof BroadcastChannel === 'undefined') return undefined;
  channel ??= new BroadcastChannel(CHANNEL_NAME);
  return channel;
}

export function broadcastSession(message: SessionMessage): void {
  open()?.postMessage(message);
}

export function onSessionMessage(listener: (message: SessionMessage) => void): () => void {
  const target = open();
  if (!target) return () => {};
  // Another tab may run an older build: act only on messages we know.
  const handler = (event: MessageEvent<unknown>) => {
    if (event.data === 'logout' || event.data === 'login') listener(event.data);
  };
  target.addEventListener('message', handler);
  return () => target.removeEventListener('message', handler);
}
