/**
 * Hosts the deck.gl label layers over the map and refreshes them on zoom: on top of everything
 * (non-interleaved), or, given `beforeId`, interleaved below that MapLibre layer (so the desk's
 * case points stay above the names).
 */
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { MapLibreMap } from 'maplibre-gl';
import { labelLayers, type LabelSet } from './layers/labels.ts';

export class LabelOverlay {
  private readonly overlay: MapLibreOverlay;
  private sets: LabelSet[] = [];
  private lastStep = NaN;

  constructor(
    private readonly map: MapLibreMap,
    private readonly options: { beforeId?: string } = {},
  ) {
    this.overlay = new MapLibreOverlay({ interleaved: Boolean(options.beforeId), layers: [] });
    map.addControl(this.overlay);
    map.on('zoom', () => this.refresh());
  }

  setLabelSets(sets: LabelSet[]): void {
    this.sets = sets;
    this.lastStep = NaN;
    this.refresh();
  }

  private refresh(): void {
    const zoom = this.map.getZoom();
    const step = Math.floor(zoom * 4) / 4;
    if (step === this.lastStep) return;
    this.lastStep = step;
    this.overlay.setProps({ layers: labelLayers(this.sets, zoom, this.options.beforeId) });
  }
}
