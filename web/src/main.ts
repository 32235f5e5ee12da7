/** Entry point: mounts the network map and exposes a handle for browser tests. */
import type { MapLibreMap } from 'maplibre-gl';
import './styles.css';
import { NETWORK_LAYERS, NetworkMapView } from './views/network-map/index.ts';

declare global {
  interface Window {
    /** For tests and the console: the map, a promise for the first full draw, and layer ids. */
    lianqin: { readonly map: MapLibreMap | undefined; ready: Promise<void>; layers: typeof NETWORK_LAYERS };
  }
}

const root = document.getElementById('app');
if (!root) throw new Error('index.html lacks #app');
const view = new NetworkMapView(root);

window.lianqin = {
  get map() {
    return view.map;
  },
  ready: view.ready,
  layers: NETWORK_LAYERS,
};

view.ready.then(
  () => {
    document.body.dataset.ready = 'true';
  },
  () => {
    document.body.dataset.ready = 'error';
  },
);
