/**
 * The analyst map: MapLibre with the district and street boundaries for orientation (no fills,
 * so the analysis carries the colour) and the analysis drawn by deck.gl on top through
 * MapLibreOverlay (DESIGN.md: @deck.gl/mapbox crashes on maplibre 6). Both canvases keep their
 * frame, so the map can be saved as a PNG.
 */
import type { Layer } from '@deck.gl/core';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { MapLibreMap } from 'maplibre-gl';
import type { Division, DivisionCollection } from '../../api.ts';
import { h } from '../../dom.ts';
import { createMap } from '../../map/create-map.ts';
import { addDistrictLayer } from '../../map/layers/district.ts';
import { addStreetLayers, STREET_FILL_LAYER_ID } from '../../map/layers/streets.ts';
import type { Bbox } from '../../api.ts';

export interface AnalysisMapData {
  district: Division;
  streets: DivisionCollection;
  basemapStyleUrl: string | null;
  bounds: Bbox;
}

export class AnalysisMap {
  readonly container = h('div', { class: 'map analytics-map', id: 'map', 'data-testid': 'analytics-map' });
  readonly tooltip = h('div', { class: 'map-tooltip', role: 'tooltip', hidden: true });
  map: MapLibreMap | undefined;
  private overlay: MapLibreOverlay | undefined;
  private layers: Layer[] = [];

  async start(data: AnalysisMapData, camera: { center: [number, number] | null; zoom: number | null }, onMove: () => void): Promise<void> {
    const map = await createMap({ container: this.container, bounds: data.bounds, basemapStyleUrl: data.basemapStyleUrl, preserveDrawingBuffer: true });
    this.map = map;
    addStreetLayers(map, data.streets, { withBasemap: true });
    map.setPaintProperty(STREET_FILL_LAYER_ID, 'fill-opacity', 0);
    addDistrictLayer(map, data.district);
    if (camera.center && camera.zoom !== null) map.jumpTo({ center: camera.center, zoom: camera.zoom });
    this.overlay = new MapLibreOverlay({ interleaved: false, layers: this.layers });
    map.addControl(this.overlay);
    map.getContainer().append(this.tooltip);
    map.on('moveend', onMove);
    map.on('movestart', () => (this.tooltip.hidden = true));
  }

  setLayers(layers: Layer[]): void {
    this.layers = layers;
    this.overlay?.setProps({ layers });
  }

  showTooltip(lines: string[] | null, x = 0, y = 0): void {
    if (!lines) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.replaceChildren(...lines.map((line, i) => h(i === 0 ? 'strong' : 'span', {}, line)));
    this.tooltip.style.transform = `translate(${x + 14}px, ${y + 14}px)`;
    this.tooltip.hidden = false;
  }

  /** The map and the analysis over it, as one PNG (the canvases composited in their stacking order). */
  async png(): Promise<Blob> {
    const map = this.map;
    if (!map) throw new Error('the map is not ready');
    await new Promise<void>((resolve) => {
      map.once('idle', () => resolve());
      map.triggerRepaint();
    });
    const canvases = [...this.container.querySelectorAll('canvas')];
    const base = map.getCanvas();
    const out = document.createElement('canvas');
    out.width = base.width;
    out.height = base.height;
    const context = out.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    for (const canvas of canvases) if (canvas.width > 0 && canvas.height > 0) context.drawImage(canvas, 0, 0, out.width, out.height);
    return new Promise((resolve, reject) => out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'));
  }
}
