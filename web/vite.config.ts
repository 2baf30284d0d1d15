import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Used by `vite build web` (npm run build:web) and by the BFF's dev server in middleware mode.
export default defineConfig({
  // Pinned to this folder so the config works whatever the caller's working directory.
  root: fileURLToPath(new URL('.', import.meta.url)),
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
