/** Entry point of the case desk (desk.html); exposes a handle for browser tests. */
import './styles.css';
import './views/case-desk/desk.css';
import { CaseDeskView } from './views/case-desk/index.ts';
import type { MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    /** For tests and the console: the desk's map and a promise for its first full load. */
    lianqinDesk: { readonly map: MapLibreMap | undefined; ready: Promise<void> };
  }
}

const root = document.getElementById('app');
if (!root) throw new Error('desk.html lacks #app');
const view = new CaseDeskView(root);

window.lianqinDesk = {
  get map() {
    return view.deskMap?.map;
  },
  ready: view.ready,
};

view.ready.then(
  () => {
    document.body.dataset.ready = 'true';
  },
  () => {
    document.body.dataset.ready = 'error';
  },
);
