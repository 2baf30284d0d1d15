import type { Listening } from '../../helpers/listen.js';

/** Brings a closed test server back on its old port (same handlers), as a restarted service. */
export function relisten(listening: Listening): Promise<void> {
  return new Promise((resolve, reject) => {
    listening.server.once('error', reject);
    listening.server.listen(listening.port, '127.0.0.1', () => {
      listening.server.off('error', reject);
      resolve();
    });
  });
}
