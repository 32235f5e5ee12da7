/** Entry point of the citizen page (report.html): MapLibre only, no deck.gl. Exposes a handle for browser tests. */
import './base.css';
import './views/citizen/citizen.css';
import type { MapLibreMap } from 'maplibre-gl';
import { CitizenApp } from './views/citizen/index.ts';

declare global {
  interface Window {
    /** For tests and the console: the report map and a promise for the page's first load. */
    lianqinCitizen: { readonly map: MapLibreMap | undefined; ready: Promise<void> };
  }
}

const root = document.getElementById('app');
if (!root) throw new Error('report.html lacks #app');
const app = new CitizenApp(root);

window.lianqinCitizen = {
  get map() {
    return app.form.location.map;
  },
  ready: app.ready,
};

app.ready.then(
  () => {
    document.body.dataset.ready = 'true';
  },
  (error) => {
    console.error('citizen page failed to load:', error);
    document.body.dataset.ready = 'error';
  },
);
