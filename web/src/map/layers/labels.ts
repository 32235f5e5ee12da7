/**
 * Labels for streets, communities and grids, drawn with deck.gl's TextLayer from local fonts
 * (MapLibre symbol labels would need glyph PBFs from a server, which the offline map has not).
 * Each label waits until its area is wide enough on screen to hold it, so labels don't pile up.
 */
import { TextLayer } from '@deck.gl/layers';
import type { Feature } from 'geojson';
import type { AreaGeometry } from '../../api.ts';
import { interiorPoint } from '../geometry.ts';
import { LABEL_FONT_FAMILY } from '../theme.ts';

export interface LabelItem {
  position: [number, number];
  text: string;
  /** The zoom from which the label fits inside its area. */
  minZoom: number;
}

export interface LabelSetStyle {
  id: string;
  /** Font size in pixels. */
  size: number;
  color: [number, number, number, number];
  weight: number;
  /** Zoom band in which the set is shown at all. */
  minZoom: number;
  maxZoom: number;
  /** How much of its area's width a label may take (above 1: may overhang, for the few big areas). */
  fit: number;
}

export interface LabelSet extends LabelSetStyle {
  items: LabelItem[];
}

const EARTH_CIRCUMFERENCE_M = 40_075_016.686;
const TILE_SIZE = 512;

/** The zoom at which `text` at `size` px fits in `fraction` of a span of `spanDegrees` at `lat`. */
function fitZoom(text: string, size: number, spanDegrees: number, lat: number, fraction: number): number {
  const labelPx = text.length * size * 1.05 + 6;
  const spanMeters = spanDegrees * (EARTH_CIRCUMFERENCE_M / 360) * Math.cos((lat * Math.PI) / 180);
  if (spanMeters <= 0) return Infinity;
  // metres per pixel at zoom z: C·cos(lat) / (512·2^z); solve labelPx·mpp = fraction·spanMeters for z.
  return Math.log2((labelPx * EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / (TILE_SIZE * fraction * spanMeters));
}

/** One label per area, at a point well inside it. */
export function labelSet<P extends { name: string }>(
  features: Feature<AreaGeometry, P>[],
  style: LabelSetStyle,
  text: (properties: P) => string = (p) => p.name,
): LabelSet {
  const items = features.map((feature) => {
    const { position, spanDegrees } = interiorPoint(feature.geometry);
    const label = text(feature.properties);
    return { position, text: label, minZoom: fitZoom(label, style.size, spanDegrees, position[1], style.fit) };
  });
  return { ...style, items };
}

/**
 * The deck.gl layers of the label sets at `zoom`; a set outside its band is hidden. With
 * `beforeId` (an interleaved overlay) they are drawn below that MapLibre layer.
 */
export function labelLayers(sets: LabelSet[], zoom: number, beforeId?: string): TextLayer<LabelItem, { beforeId?: string }>[] {
  // Rounded so the data (and the layout work it causes) changes only every quarter zoom.
  const step = Math.floor(zoom * 4) / 4;
  return sets.map((set) => {
    const visible = zoom >= set.minZoom && zoom < set.maxZoom;
    const data = visible ? set.items.filter((item) => item.minZoom <= step + 0.25) : [];
    return new TextLayer<LabelItem, { beforeId?: string }>({
      id: `labels-${set.id}`,
      beforeId,
      data,
      visible,
      getPosition: (d) => d.position,
      getText: (d) => d.text,
      getSize: set.size,
      getColor: set.color,
      fontFamily: LABEL_FONT_FAMILY,
      fontWeight: set.weight,
      characterSet: 'auto',
      fontSettings: { sdf: true, fontSize: 64, buffer: 6, smoothing: 0.2 },
      outlineWidth: 3,
      outlineColor: [255, 255, 255, 230],
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
      billboard: true,
      sizeUnits: 'pixels',
    });
  });
}
