/**
 * The study area of an analysis as H3 cells: every cell whose centre lies in the area (district,
 * street, community or grid), so that cells without a case count as zeros, plus cells holding
 * the area's cases whose centres fall just outside it. And the neighbour lists over those cells
 * that Gi* and the forecasts smooth over.
 */
import { gridDisk, polygonToCells } from 'h3-js';
import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Queryable } from '../db/database.ts';
import { first, qb } from '../db/query.ts';
import { notFound } from '../http/problem.ts';
import type { Resolution } from './cells.ts';

type Outline = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

// The network changes only when planners redraw it; an outline and its cells are computed once.
const covered = new Map<string, Promise<string[]>>();

async function outline(db: Queryable, area: string): Promise<Outline> {
  const query = area.length === 15
    ? qb.selectFrom('grid').select(sql<string>`ST_AsGeoJSON(geom)`.as('geojson')).where('code', '=', area).where('valid_to', 'is', null)
    : qb.selectFrom('division').select(sql<string>`ST_AsGeoJSON(geom)`.as('geojson')).where('code', '=', area);
  const row = await first(db, query);
  if (!row) throw notFound(`no area has code ${area}`);
  return JSON.parse(row.geojson) as Outline;
}

/** The cells whose centres lie in the area's outline, sorted. */
export function areaCells(db: Queryable, area: string, res: Resolution): Promise<string[]> {
  const key = `${area}:${res}`;
  let cells = covered.get(key);
  if (!cells) {
    cells = outline(db, area).then((shape) => {
      const polygons = shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
      return [...new Set(polygons.flatMap((p) => polygonToCells(p, res, true)))].sort();
    });
    cells.catch(() => covered.delete(key));
    covered.set(key, cells);
  }
  return cells;
}

const areaSets = new Map<string, Set<string>>();

/** The area's cells and any other cell that holds counted cases, sorted (shared between requests: never changed). */
export async function studyCells(db: Queryable, area: string, res: Resolution, withCases: Iterable<string>): Promise<readonly string[]> {
  const inArea = await areaCells(db, area, res);
  const key = `${area}:${res}`;
  let known = areaSets.get(key);
  if (!known) areaSets.set(key, (known = new Set(inArea)));
  const outside: string[] = [];
  for (const cell of withCases) if (!known.has(cell)) outside.push(cell);
  if (!outside.length) return inArea;
  // Usually a few cells along the border: merged in rather than sorting the whole area again.
  outside.sort();
  const cells: string[] = [];
  let j = 0;
  for (const cell of inArea) {
    while (j < outside.length && outside[j] < cell) cells.push(outside[j++]);
    cells.push(cell);
  }
  while (j < outside.length) cells.push(outside[j++]);
  return cells;
}

// Neighbour lists depend only on the cells and k; an analyst's views reuse the same few study
// areas, and building the lists (gridDisk and a lookup per neighbour) costs more than Gi* itself.
// Bounded by cells held: the district at res 10 alone has ~77,000.
const neighbourLists = new LRUCache<string, Int32Array[]>({ maxSize: 250_000, sizeCalculation: (lists) => Math.max(1, lists.length) });

/** For each cell, the indexes of the cells of `gridDisk(cell, k)` that are in `cells`, itself included. */
export function diskNeighbours(cells: readonly string[], k: number): readonly Int32Array[] {
  const key = `${k}|${cells.join()}`;
  const known = neighbourLists.get(key);
  if (known) return known;
  const index = new Map(cells.map((c, i) => [c, i]));
  const lists = cells.map((cell) => Int32Array.from(gridDisk(cell, k).map((c) => index.get(c)).filter((i): i is number => i !== undefined)));
  neighbourLists.set(key, lists);
  return lists;
}
