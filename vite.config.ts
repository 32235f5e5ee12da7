/**
 * Front end build: the app lives in web/, builds to web/dist (served by the API at `/`). Six
 * pages: the network map (index.html), the case desk (desk.html), the grid database
 * (grid-database.html: imports, records, per-grid statistics), the analyst view (analytics.html:
 * hexagons, hotspots, charts, exports), the citizen page
 * (report.html), which shares no chunk with deck.gl so phones load less, and the login page
 * (login.html), which loads no map at all.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (name: string) => fileURLToPath(new URL(`./web/${name}`, import.meta.url));
const apiTarget = process.env.LIANQIN_API ?? 'http://localhost:8080';

export default defineConfig({
  // Absolute, so a programmatic build (the browser test) works from any working directory.
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // maplibre-gl and deck.gl make large chunks; they are served locally, so the warning is noise.
    chunkSizeWarningLimit: 2500,
    // rolldownOptions: Vite 8's name for what was rollupOptions (still accepted, deprecated).
    rolldownOptions: {
      input: { main: page('index.html'), desk: page('desk.html'), gridDatabase: page('grid-database.html'), report: page('report.html'), login: page('login.html'), analytics: page('analytics.html') },
      // Named vendor chunks: the citizen page loads maplibre, the staff pages deck.gl as well.
      output: {
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'deck', test: /node_modules[\\/]@(deck|luma|loaders|math|probe)\.gl/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/open311': apiTarget,
    },
  },
});
