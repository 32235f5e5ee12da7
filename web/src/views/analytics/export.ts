/**
 * Exports of the current view: the cells as CSV or GeoJSON (hexagon polygons from h3-js
 * cellToBoundary), the map as PNG. Files are offered as downloads named after the view.
 */
import { cellToBoundary, cellToLatLng } from 'h3-js';
import type { MapCell } from './layers/hexagons.ts';

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const quoted = (value: string | number | undefined) => {
  const text = value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One row per cell: index, centre, value and, when the mode has them, bin or category. */
export function cellsCsv(cells: MapCell[], valueName: string): Blob {
  const header = ['cell', 'lat', 'lon', valueName, 'bin', 'category'];
  const rows = cells.map((c) => {
    const [lat, lon] = cellToLatLng(c.cell);
    return [c.cell, lat.toFixed(6), lon.toFixed(6), c.value, c.bin, c.category].map(quoted).join(',');
  });
  // A byte-order mark so that Excel opens the UTF-8 file as such.
  return new Blob([`\ufeff${header.join(',')}\n${rows.join('\n')}\n`], { type: 'text/csv;charset=utf-8' });
}

export function cellsGeoJson(cells: MapCell[], valueName: string): Blob {
  const features = cells.map((c) => {
    const ring = cellToBoundary(c.cell, true);
    return {
      type: 'Feature',
      properties: { cell: c.cell, [valueName]: c.value, ...(c.bin !== undefined ? { bin: c.bin } : {}), ...(c.category ? { category: c.category } : {}) },
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
  });
  return new Blob([JSON.stringify({ type: 'FeatureCollection', features })], { type: 'application/geo+json' });
}
