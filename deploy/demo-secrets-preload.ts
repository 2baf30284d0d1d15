// Loaded before the BFF by docker-compose.yml (`node --import ./deploy/demo-secrets-preload.js`):
// fills the local demo's secrets (see demo-secrets.ts) and says so; otherwise changes nothing, and
// the BFF's own config check reports a missing secret as usual.
import { demoSecrets } from './demo-secrets.js';

const added = demoSecrets(process.env);
Object.assign(process.env, added);
const names = Object.keys(added);
if (names.length > 0) {
  console.warn(`[demo] ${names.join(' and ')} unset: using the development IdP's public values (local demo only; set them in .env for anything else)`);
}
