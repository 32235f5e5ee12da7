/** The records' map: the district and the user's grids as context, the chosen record as a point. */
import type { MapLibreMap } from 'maplibre-gl';
import { createMap } from '../../../map/create-map.ts';
import { bboxOf } from '../../../map/geometry.ts';
import { addDistrictLayer } from '../../../map/layers/district.ts';
import { addGridLineLayer } from '../../../map/layers/grid-lines.ts';
import { addRecordPointLayer, setRecordPoint } from '../../../map/layers/record-point.ts';
import type { GridDatabaseContext } from '../context.ts';

export class RecordMap {
  map: MapLibreMap | undefined;
  private point: [number, number] | null = null;

  constructor(readonly container: HTMLElement) {}

  async start(context: GridDatabaseContext): Promise<void> {
    const map = await createMap({ container: this.container, bounds: bboxOf(context.district.geometry), basemapStyleUrl: context.basemapStyleUrl });
    this.map = map;
    addGridLineLayer(map, context.grids);
    addDistrictLayer(map, context.district);
    addRecordPointLayer(map);
    setRecordPoint(map, this.point);
    await new Promise<void>((resolve) => map.once('idle', () => resolve()));
  }

  /** Marks the record's place (or none) and centres the map on it. */
  show(point: [number, number] | null): void {
    this.point = point;
    if (!this.map) return;
    setRecordPoint(this.map, point);
    if (point) this.map.easeTo({ center: point, zoom: Math.max(this.map.getZoom(), 14), duration: 500 });
  }
}
