/**
 * One record of a file → one staged row, or the reasons it is rejected. Every problem of a row
 * is reported (coordinates, category, key, required fields), not only the first. Accepted
 * rows get their grid from the in-memory grid index (none: kept, counted as outside every
 * grid) and their H3 cells r7–r10.
 */
import { createHash } from 'node:crypto';
import { h3CellWords } from '../entities/h3.ts';
import { inExtent, outsideReason, parseCoordinate, parseGeometry, toWgs84, type Extent } from './geometry.ts';
import type { ResolvedMapping } from './mapping.ts';
import { GEOMETRY_KEY, ID_KEY, type SourceRecord } from './records.ts';
import type { Srid } from './schema.ts';

/** Category codes, and the Chinese names offices often write instead. */
export class CategoryIndex {
  private readonly byName = new Map<string, string>();

  constructor(categories: { code: string; name_zh: string }[]) {
    for (const c of categories) {
      this.byName.set(c.code, c.code);
      this.byName.set(c.code.toUpperCase(), c.code);
      this.byName.set(c.name_zh, c.code);
    }
  }

  resolve(value: string): string | undefined {
    return this.byName.get(value) ?? this.byName.get(value.toUpperCase());
  }
}

export interface RowContext {
  categories: CategoryIndex;
  defaultCategory?: string;
  srid: Srid;
  extent: Extent;
  /** Grid code of the current grid holding the point, or null. */
  locate(lon: number, lat: number): string | null;
  /** The text was decoded from GB18030/GBK, where U+FFFD marks bytes that did not decode. */
  rejectUndecodable: boolean;
}

/** Where accepted rows go (the staging table's writer). */
export interface StagedRowSink {
  add(line: number, category: string, sourceKey: string, grid: string | null, lon: number, lat: number, h3: Uint32Array, attrs: string): void;
}

type Getter = (value: SourceRecord['value']) => unknown;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value));
const RESERVED = new Set([GEOMETRY_KEY, ID_KEY]);

interface Place {
  lon: number;
  lat: number;
  grid: string | null;
  h3: Uint32Array;
}

/** Places remembered (cleared when full: cheap, and files come roughly grouped by place). */
const PLACE_CACHE = 50_000;

export class RowProcessor {
  /** Accepted rows outside every grid. */
  outsideGrid = 0;
  private readonly places = new Map<string, Place>();
  private readonly get: (column: string) => Getter;
  private readonly restColumns: [string, number][] | null;
  private readonly used: Set<string>;

  constructor(
    private readonly mapping: ResolvedMapping,
    /** CSV header (records are arrays), or null for JSON records. */
    columns: string[] | null,
    private readonly ctx: RowContext,
    private readonly sink: StagedRowSink,
  ) {
    this.used = new Set([...mapping.used, ...RESERVED]);
    if (columns) {
      const index = new Map(columns.map((c, i) => [c, i]));
      this.get = (column) => {
        const i = index.get(column)!;
        return (value) => (value as string[])[i];
      };
      this.restColumns = columns.flatMap((c, i): [string, number][] => (this.used.has(c) ? [] : [[c, i]]));
    } else {
      this.get = (column) => (value) => (value as Record<string, unknown>)[column];
      this.restColumns = null;
    }
    this.getLon = mapping.geometry.kind === 'lonlat' ? this.get(mapping.geometry.lon) : null;
    this.getLat = mapping.geometry.kind === 'lonlat' ? this.get(mapping.geometry.lat) : null;
    this.getGeometry = mapping.geometry.kind === 'geometry' ? this.get(mapping.geometry.column) : null;
    this.getCategory = mapping.category ? this.get(mapping.category) : null;
    this.getKey = mapping.sourceKey ? this.get(mapping.sourceKey) : null;
    this.listed = mapping.attributes === 'rest' ? null : mapping.attributes.map(([name, column]) => [name, this.get(column)]);
  }

  private readonly getLon: Getter | null;
  private readonly getLat: Getter | null;
  private readonly getGeometry: Getter | null;
  private readonly getCategory: Getter | null;
  private readonly getKey: Getter | null;
  private readonly listed: [string, Getter][] | null;

  /** Stages the record; returns why it is rejected, or null when it was staged. */
  process(record: SourceRecord): string | null {
    const { value } = record;
    const problems: string[] = [];
    if (this.ctx.rejectUndecodable && record.raw.includes('\uFFFD')) {
      problems.push('contains bytes that are not valid GB18030/GBK text');
    }
    const place = this.place(value, problems);
    const category = this.category(value, problems);
    const attrs = this.attributes(value);
    for (const field of this.mapping.required) {
      if (attrs[field] === undefined) problems.push(`required field "${field}" is missing`);
    }
    let key = '';
    if (this.getKey) {
      key = text(this.getKey(value));
      if (key === '') problems.push(`the source key (${this.mapping.sourceKey}) is empty`);
    }
    if (problems.length > 0 || !place || !category) return problems.join('; ');

    const json = JSON.stringify(attrs);
    // Without a key column, a record is known by its content: re-importing it updates nothing
    // and duplicates nothing; a changed record is a new one.
    if (!this.getKey) key = 'h:' + createHash('sha1').update(`${category}\t${place.lon}\t${place.lat}\t${json}`).digest('base64url').slice(0, 22);
    if (place.grid === null) this.outsideGrid++;
    this.sink.add(record.line, category, key, place.grid, place.lon, place.lat, place.h3, json);
    return null;
  }

  /**
   * The record's point with its grid and H3 cells. People share their building's point, so
   * places are remembered by the coordinates' text: a repeated point costs one map lookup
   * instead of a projection, a grid lookup and an H3 computation.
   */
  private place(value: SourceRecord['value'], problems: string[]): Place | null {
    let cacheKey: string | null = null;
    if (this.getLon && this.getLat) {
      const lon = this.getLon(value);
      const lat = this.getLat(value);
      if (typeof lon === 'string' && typeof lat === 'string') {
        cacheKey = lon + ',' + lat;
        const known = this.places.get(cacheKey);
        if (known) return known;
      }
    }
    const point = this.point(value, problems);
    if (!point) return null;
    const [lon, lat] = point;
    const h3 = new Uint32Array(8);
    h3CellWords(lat, lon, h3);
    const place: Place = { lon, lat, grid: this.ctx.locate(lon, lat), h3 };
    if (cacheKey !== null) {
      if (this.places.size >= PLACE_CACHE) this.places.clear();
      this.places.set(cacheKey, place);
    }
    return place;
  }

  private point(value: SourceRecord['value'], problems: string[]): [number, number] | null {
    let x: number, y: number;
    let srid: Srid = this.ctx.srid;
    if (this.getLon && this.getLat && this.mapping.geometry.kind === 'lonlat') {
      const { lon: lonColumn, lat: latColumn } = this.mapping.geometry;
      const lon = parseCoordinate(this.getLon(value));
      const lat = parseCoordinate(this.getLat(value));
      if (lon === null) problems.push(`${lonColumn} is empty`);
      else if (typeof lon === 'string') problems.push(`${lonColumn} ${lon}`);
      if (lat === null) problems.push(`${latColumn} is empty`);
      else if (typeof lat === 'string') problems.push(`${latColumn} ${lat}`);
      if (typeof lon !== 'number' || typeof lat !== 'number') return null;
      x = lon;
      y = lat;
    } else {
      const column = this.mapping.geometry.kind === 'geometry' ? this.mapping.geometry.column : '';
      const parsed = parseGeometry(this.getGeometry!(value));
      const name = column === GEOMETRY_KEY ? 'geometry' : column;
      if (parsed === null) problems.push(`${name} is empty`);
      else if (typeof parsed === 'string') problems.push(`${name}: ${parsed}`);
      if (parsed === null || typeof parsed === 'string') return null;
      if (parsed.srid !== undefined) {
        if (![4326, 4490, 4549, 4528].includes(parsed.srid)) {
          problems.push(`${name}: SRID=${parsed.srid} is not supported (4326, 4490, 4549, 4528)`);
          return null;
        }
        srid = parsed.srid as Srid;
      }
      x = parsed.x;
      y = parsed.y;
    }
    const [lon, lat] = toWgs84(srid, x, y);
    if (!inExtent(this.ctx.extent, lon, lat)) {
      problems.push(outsideReason(this.ctx.extent, srid, x, y, lon, lat));
      return null;
    }
    return [lon, lat];
  }

  private category(value: SourceRecord['value'], problems: string[]): string | null {
    const given = this.getCategory ? text(this.getCategory(value)) : '';
    if (given === '') {
      if (this.ctx.defaultCategory) return this.ctx.defaultCategory;
      problems.push(`the category (${this.mapping.category}) is empty and the import has no default category`);
      return null;
    }
    const code = this.ctx.categories.resolve(given);
    if (code === undefined) problems.push(`unknown category ${JSON.stringify(given.slice(0, 40))}`);
    return code ?? null;
  }

  private attributes(value: SourceRecord['value']): Record<string, unknown> {
    const attrs: Record<string, unknown> = {};
    if (this.listed) {
      for (const [name, get] of this.listed) put(attrs, name, get(value));
    } else if (this.restColumns) {
      const fields = value as string[];
      for (const [name, i] of this.restColumns) put(attrs, name, fields[i]);
    } else {
      const object = value as Record<string, unknown>;
      for (const name in object) if (!this.used.has(name)) put(attrs, name, object[name]);
    }
    return attrs;
  }
}

/** Keeps non-empty values; strings trimmed (office spreadsheets pad cells). */
function put(attrs: Record<string, unknown>, name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed !== '') attrs[name] = trimmed;
  } else {
    attrs[name] = value;
  }
}
