import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const WEB_ROOT = fileURLToPath(new URL('.', import.meta.url));

// Used by `vite build web` (npm run build:web) and by the BFF's dev server in middleware mode.
export default defineConfig({
  // Pinned to this folder so the config works whatever the caller's working directory.
  root: WEB_ROOT,
  server: {
    fs: {
      // Vite serves /@fs/<any file> under `allow`, by default the workspace root: in this npm
      // workspace the whole repository, with the dev IdP's signing key and grants (data/idp) and
      // the session database. Only web/ is the app's; Vite adds its own client, and the
      // dependencies the app imports are allowed as they are resolved (pre-bundled under web/).
      allow: [WEB_ROOT],
      // Second line, inside web/ too: Vite's defaults, any data/ folder and every dotfile.
      deny: ['.env', '.env.*', '*.{crt,pem,key,p12,pfx,cer,der}', '.npmrc', '.yarnrc.yml', '**/.git/**', '**/data/**', '.*'],
    },
  },
  plugins: [
    vue({
      // The app uses <script setup> only: drop the Options API from the bundle.
      features: { optionsAPI: false },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The polyfill would be injected as an inline script, which the BFF's CSP (script-src 'self') blocks;
    // every browser this app targets supports <link rel="modulepreload"> natively.
    modulePreload: { polyfill: false },
    // Keep small assets as files: inlined CSS or scripts would also hit the CSP.
    assetsInlineLimit: 0,
  },
});
