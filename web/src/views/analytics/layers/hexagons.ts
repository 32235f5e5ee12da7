/**
 * The cells of an analysis as flat H3 hexagons (deck.gl H3HexagonLayer), coloured by the mode's
 * fixed scale. One layer for every cell mode (counts, hotspot bins, emerging categories,
 * forecast): only the colour accessor differs, and `colorKey` tells deck.gl when it changed.
 */
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import type { Rgba } from '../scales.ts';

export const HEXAGON_LAYER_ID = 'analysis-hexagons';

/** A cell of any analysis: its index and what the map shows of it. */
export interface MapCell {
  cell: string;
  /** Cases, expected cases, or the cell's count behind a bin or category. */
  value: number;
  /** Gi* bin (hotspots) or emerging category, when the mode has one. */
  bin?: number;
  category?: string;
}

export interface HexagonLayerOptions {
  cells: MapCell[];
  color: (cell: MapCell) => Rgba;
  /** Changes whenever `color` would answer differently (mode, resolution). */
  colorKey: string;
  onHover?: (cell: MapCell | null, x: number, y: number) => void;
}

export function hexagonLayer(options: HexagonLayerOptions) {
  return new H3HexagonLayer<MapCell>({
    id: HEXAGON_LAYER_ID,
    data: options.cells,
    getHexagon: (d) => d.cell,
    getFillColor: options.color,
    extruded: false,
    stroked: true,
    getLineColor: [255, 255, 255, 140],
    lineWidthMinPixels: 0.5,
    // Hexagons sit side by side: a hairline gap keeps neighbours apart without hiding the colour.
    coverage: 0.97,
    pickable: Boolean(options.onHover),
    onHover: (info) => options.onHover?.(info.object ?? null, info.x, info.y),
    updateTriggers: { getFillColor: options.colorKey },
  });
}
