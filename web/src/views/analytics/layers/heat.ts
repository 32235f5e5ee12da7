/**
 * The heatmap mode: a kernel density of the cells' centres weighted by their cases (deck.gl
 * HeatmapLayer), with a fixed colour domain so that weeks and filters compare.
 */
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { cellToLatLng } from 'h3-js';
import { HEAT_COLORS, HEAT_DOMAIN, rgba } from '../scales.ts';
import type { MapCell } from './hexagons.ts';

export const HEAT_LAYER_ID = 'analysis-heat';

interface HeatPoint {
  position: [number, number];
  weight: number;
}

export function heatLayer(cells: MapCell[]) {
  const points: HeatPoint[] = cells.map((c) => {
    const [lat, lon] = cellToLatLng(c.cell);
    return { position: [lon, lat], weight: c.value };
  });
  return new HeatmapLayer<HeatPoint>({
    id: HEAT_LAYER_ID,
    data: points,
    getPosition: (d) => d.position,
    getWeight: (d) => d.weight,
    radiusPixels: 28,
    colorRange: HEAT_COLORS.map((c) => rgba(c).slice(0, 3) as [number, number, number]),
    colorDomain: HEAT_DOMAIN,
    aggregation: 'SUM',
  });
}
