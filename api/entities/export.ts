/**
 * Streamed exports of records: CSV (fixed columns, then the attributes found in the first
 * batch as columns of their own, and any others as JSON in `other_attrs`) and GeoJSON. Both
 * are produced batch by batch from entityBatches, so an export of millions of records holds
 * one batch in memory.
 */
import { csvLine, UTF8_BOM } from './csv.ts';
import type { Entity } from './queries.ts';

const FIXED = ['id', 'category', 'category_name', 'source_key', 'grid', 'community', 'street', 'lon', 'lat', 'h3_r7', 'h3_r8', 'h3_r9', 'h3_r10', 'updated_at'];

function fixed(e: Entity): unknown[] {
  return [e.id, e.category, e.categoryName, e.sourceKey, e.grid, e.community, e.street, e.lon, e.lat, e.h3.r7, e.h3.r8, e.h3.r9, e.h3.r10, e.updatedAt];
}

export async function* entitiesCsv(batches: AsyncIterable<Entity[]>): AsyncGenerator<string> {
  let keys: string[] | null = null;
  for await (const batch of batches) {
    if (keys === null) {
      const seen = new Set<string>();
      for (const e of batch) for (const key of Object.keys(e.attrs)) seen.add(key);
      keys = [...seen];
      yield UTF8_BOM + csvLine([...FIXED, ...keys, 'other_attrs']);
    }
    const known = new Set(keys);
    let out = '';
    for (const e of batch) {
      const other: Record<string, unknown> = {};
      let hasOther = false;
      for (const key of Object.keys(e.attrs)) {
        if (!known.has(key)) {
          other[key] = e.attrs[key];
          hasOther = true;
        }
      }
      out += csvLine([...fixed(e), ...keys.map((k) => e.attrs[k]), hasOther ? other : null]);
    }
    yield out;
  }
  if (keys === null) yield UTF8_BOM + csvLine([...FIXED, 'other_attrs']);
}

function feature(e: Entity): string {
  const { lon, lat, ...properties } = e;
  return JSON.stringify({ type: 'Feature', id: e.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties });
}

export async function* entitiesGeoJson(batches: AsyncIterable<Entity[]>): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const batch of batches) {
    const features = batch.map(feature).join(',');
    yield first ? features : ',' + features;
    first = false;
  }
  yield ']}';
}
