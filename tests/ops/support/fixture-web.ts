import { fileURLToPath } from 'node:url';
import { serveWeb } from '../../../bff/src/web/serve-web.js';

/** The real static serving over a two-file build, so these tests need no `npm run build:web`. */
export const fixtureWeb = () => serveWeb(fileURLToPath(new URL('../fixtures/web', import.meta.url)));
