/** Front end build: the app lives in web/, builds to web/dist (served by the API at `/`). */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const apiTarget = process.env.LIANQIN_API ?? 'http://localhost:8080';

export default defineConfig({
  // Absolute, so a programmatic build (the browser test) works from any working directory.
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // maplibre-gl + deck.gl make one large chunk; it is served locally, so the warning is noise.
    chunkSizeWarningLimit: 2500,
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/open311': apiTarget,
    },
  },
});
