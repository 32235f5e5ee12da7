/**
 * Checks a running server the way a first user would: health, the grid layer, a lookup of a
 * point inside a known grid, and the web UI. Usage: tsx scripts/smoke-check.ts http://127.0.0.1:8080
 */
import { pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';

async function get(path: string): Promise<Response> {
  const response = await fetch(base + path);
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return response;
}

const health = (await (await get('/api/v1/health')).json()) as { database: string; postgis: string };
console.log(`health: database ${health.database}, PostGIS ${health.postgis}`);

const grids = (await (await get('/api/v1/grids')).json()) as FeatureCollection<MultiPolygon, { code: string }>;
if (grids.features.length !== 456) throw new Error(`expected 456 grids, got ${grids.features.length}`);
console.log(`grids: ${grids.features.length}`);

const grid = grids.features[Math.floor(grids.features.length / 2)] as Feature<MultiPolygon, { code: string }>;
const [lon, lat] = pointOnFeature(grid).geometry.coordinates;
const lookup = (await (await get(`/api/v1/lookup?lon=${lon}&lat=${lat}`)).json()) as { grid: { code: string }; district: { code: string } };
if (lookup.grid.code !== grid.properties.code || lookup.district.code !== '320111') {
  throw new Error(`lookup of a point inside grid ${grid.properties.code} gave ${JSON.stringify(lookup)}`);
}
console.log(`lookup (${lon.toFixed(5)}, ${lat.toFixed(5)}): grid ${lookup.grid.code}`);

const page = await (await get('/')).text();
if (!page.includes('<div')) throw new Error('the web UI did not answer with a page');
console.log('web UI served');
