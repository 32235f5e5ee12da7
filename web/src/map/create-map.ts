/**
 * The MapLibre map, fully offline by default: a plain background style built here, with no
 * glyphs or sprite URLs, so nothing is fetched from outside. An optional basemap style (from
 * `/api/v1/config`) replaces the background; our layers always go on top.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { StyleSpecification } from 'maplibre-gl';
import type { Bbox } from '../api.ts';
import { COLORS } from './theme.ts';

maplibregl.setWorkerUrl(workerUrl);

export const OFFLINE_STYLE: StyleSpecification = {
  version: 8,
  name: 'lianqin-offline',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': COLORS.background } }],
};

async function basemapStyle(url: string): Promise<StyleSpecification | string> {
  // Checked first so that an unreachable basemap falls back to the offline style instead of a blank map.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok) throw new Error(`basemap style: HTTP ${response.status}`);
    await response.json();
    return url;
  } finally {
    clearTimeout(timer);
  }
}

export interface CreateMapOptions {
  container: HTMLElement;
  /** Initial view: the district's bbox. */
  bounds: Bbox;
  basemapStyleUrl: string | null;
  /** Phones: one finger scrolls the page, two move the map (the citizen page's map sits in a scrolling form). */
  cooperativeGestures?: boolean;
  /** MapLibre's UI strings (e.g. the cooperative-gesture hint) in the page's language. */
  locale?: Record<string, string>;
  /** Keeps the drawn frame readable after it is shown, so the map can be saved as an image. */
  preserveDrawingBuffer?: boolean;
}

/** Creates the map and resolves once its style is loaded, so layers can be added. */
export async function createMap(options: CreateMapOptions): Promise<maplibregl.Map> {
  let style: StyleSpecification | string = OFFLINE_STYLE;
  if (options.basemapStyleUrl) {
    try {
      style = await basemapStyle(options.basemapStyleUrl);
    } catch (error) {
      console.warn('basemap unavailable, using the offline style:', error);
    }
  }
  const [minLon, minLat, maxLon, maxLat] = options.bounds;
  const padLon = (maxLon - minLon) * 0.6;
  const padLat = (maxLat - minLat) * 0.6;
  const map = new maplibregl.Map({
    container: options.container,
    style,
    bounds: options.bounds,
    fitBoundsOptions: { padding: 40 },
    maxBounds: [minLon - padLon, minLat - padLat, maxLon + padLon, maxLat + padLat],
    minZoom: 8,
    maxZoom: 18,
    dragRotate: false,
    pitchWithRotate: false,
    attributionControl: { compact: true, customAttribution: '联勤 Lianqin' },
    cooperativeGestures: options.cooperativeGestures ?? false,
    locale: options.locale,
    canvasContextAttributes: options.preserveDrawingBuffer ? { preserveDrawingBuffer: true } : undefined,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  if (!map.isStyleLoaded()) await new Promise<void>((resolve) => map.once('load', () => resolve()));
  return map;
}
