/**
 * One record of a file → one staged row, or the reasons it is rejected. Every problem of a row
 * is reported (coordinates, category, key, required fields), not only the first. Accepted
 * rows get their grid from the in-memory grid index (none: kept, counted as outside every
 * grid) and their H3 cell at resolution 10 (h3-js).
 */
import { createHash } from 'node:crypto';
import { latLngToCell } from 'h3-js';
import { findUnstorable } from '../http/strings.ts';
import { AttributeWriter, present, type Getter } from './attributes.ts';
import { ImportInputError } from './errors.ts';
import { inExtent, outsideReason, parseCoordinate, parseGeometry, toWgs84, type Extent } from './geometry.ts';
import type { ResolvedMapping } from './mapping.ts';
import { GEOMETRY_KEY, ID_KEY, type SourceRecord } from './records.ts';
import { SRIDS, type Srid } from './schema.ts';

/** Category codes, and the Chinese names offices often write instead. */
export class CategoryIndex {
  private readonly byName = new Map<string, string>();
  /** Class code (GB/T 47678.5) of each city-component category, by category code. */
  readonly componentClass = new Map<string, string>();

  constructor(categories: { code: string; name_zh: string; domain: string; gb_code: string | null }[]) {
    for (const c of categories) {
      this.byName.set(c.code, c.code);
      this.byName.set(c.code.toUpperCase(), c.code);
      this.byName.set(c.name_zh, c.code);
      if (c.domain === 'city_component') this.componentClass.set(c.code, c.gb_code ?? c.code);
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

/** A row ready for the staging table. */
export interface StagedRow {
  line: number;
  category: string;
  sourceKey: string;
  grid: string | null;
  lon: number;
  lat: number;
  /** H3 cell at resolution 10, as a decimal bigint. */
  h3: string;
  /** The attributes as JSON text (an object). */
  attrs: string;
}

/** Where accepted rows go (the staging table's writer). */
export interface StagedRowSink {
  add(row: StagedRow): void;
}

/** A city component's id: 6-digit district, 5-digit class, 6-digit sequence (sql/001). */
const COMPONENT_ID = /^[0-9]{17}$/;

/**
 * Why a record holds text the database cannot store (NUL; in JSON, a lone surrogate too), or
 * null. CSV text comes from a decoder, which makes no lone surrogate, so its raw line is enough.
 */
function unstorableIn(record: SourceRecord): string | null {
  if (Array.isArray(record.value)) return record.raw.includes('\u0000') ? 'contains a NUL character (U+0000), which cannot be stored' : null;
  const found = findUnstorable(record.value);
  if (!found) return null;
  if (found.message.startsWith('its name ')) return `a field name ${found.message.slice('its name '.length)}, which cannot be stored`;
  const name = found.path[0] === GEOMETRY_KEY ? 'geometry' : found.path[0] === ID_KEY ? 'id' : found.path.join('.');
  return `${name} ${found.message}, which cannot be stored`;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value));
const RESERVED = [GEOMETRY_KEY, ID_KEY];

export class RowProcessor {
  /** Accepted rows outside every grid. */
  outsideGrid = 0;
  private readonly attributes: AttributeWriter;
  private readonly getLon: Getter | null = null;
  private readonly getLat: Getter | null = null;
  private readonly getGeometry: Getter | null = null;
  private readonly getCategory: Getter | null;
  private readonly getKey: Getter | null;
  private readonly required: [string, Getter][];
  /** The point of the row being processed, in WGS84, and why the row is rejected (null: it is not). */
  private lon = 0;
  private lat = 0;
  private problems: string[] | null = null;

  constructor(
    readonly mapping: ResolvedMapping,
    /** CSV header (records are arrays), or null for JSON records. */
    columns: string[] | null,
    readonly ctx: RowContext,
    readonly sink: StagedRowSink,
  ) {
    const index = columns ? new Map(columns.map((c, i) => [c, i])) : null;
    const get = (column: string): Getter => {
      if (!index) return (value) => (value as Record<string, unknown>)[column];
      const i = index.get(column);
      if (i === undefined) throw new ImportInputError(`mapping: there is no column "${column}" (columns: ${columns!.join(', ')})`);
      return (value) => (value as string[])[i];
    };
    const { geometry } = mapping;
    if (geometry.kind === 'lonlat') {
      this.getLon = get(geometry.lon);
      this.getLat = get(geometry.lat);
    } else {
      this.getGeometry = get(geometry.column);
    }
    this.getCategory = mapping.category ? get(mapping.category) : null;
    this.getKey = mapping.sourceKey ? get(mapping.sourceKey) : null;
    const listed = mapping.attributes === 'rest' ? null : new Map(mapping.attributes);
    this.required = mapping.required.map((name) => {
      const column = listed ? listed.get(name) : name;
      if (column === undefined) throw new ImportInputError(`mapping.required: "${name}" is not one of the mapped attributes`);
      return [name, get(column)];
    });
    this.attributes = new AttributeWriter(mapping, columns, get, new Set([...mapping.used, ...RESERVED]));
  }

  /** Stages the record; returns why it is rejected, or null when it was staged. */
  process(record: SourceRecord): string | null {
    const { value } = record;
    this.problems = null;
    if (this.ctx.rejectUndecodable && record.raw.includes('\uFFFD')) this.problem('contains bytes that are not valid GB18030/GBK text');
    const unstorable = unstorableIn(record);
    if (unstorable) this.problem(unstorable);
    const located = this.point(value);
    const category = this.category(value);
    for (const [name, get] of this.required) if (!present(get(value))) this.problem(`required field "${name}" is missing`);
    let key = '';
    if (this.getKey) {
      key = text(this.getKey(value));
      if (key === '') this.problem(`the source key (${this.mapping.sourceKey}) is empty`);
    }
    // (TypeScript cannot see that the calls above may have set this.problems.)
    if (category !== null && this.ctx.categories.componentClass.has(category) && !COMPONENT_ID.test(key)) {
      this.problem(`a city component needs its 17-digit component id as the source key (${this.mapping.sourceKey ?? 'the file has no key column'})`);
    }
    const problems = this.problems as string[] | null;
    if (problems !== null || !located || category === null) return problems?.join('; ') ?? 'rejected';

    const { lon, lat } = this;
    const json = this.attributes.json(value);
    // Without a key column, a record is known by its content: re-importing it updates nothing
    // and duplicates nothing; a changed record is a new one.
    if (!this.getKey) key = 'h:' + createHash('sha1').update(`${category}\t${lon}\t${lat}\t${json}`).digest('base64url').slice(0, 22);
    const grid = this.ctx.locate(lon, lat);
    if (grid === null) this.outsideGrid++;
    const h3 = BigInt(`0x${latLngToCell(lat, lon, 10)}`).toString();
    this.sink.add({ line: record.line, category, sourceKey: key, grid, lon, lat, h3, attrs: json });
    return null;
  }

  /** Notes why the current row is rejected (no closure per row: they cost more than the checks). */
  private problem(reason: string): void {
    (this.problems ??= []).push(reason);
  }

  /** Reads the point into this.lon/this.lat (WGS84); false, with the problem noted, when it is not usable. */
  private point(value: SourceRecord['value']): boolean {
    let x: number, y: number;
    let srid: Srid = this.ctx.srid;
    if (this.getLon && this.getLat && this.mapping.geometry.kind === 'lonlat') {
      const { lon: lonColumn, lat: latColumn } = this.mapping.geometry;
      const lon = parseCoordinate(this.getLon(value));
      const lat = parseCoordinate(this.getLat(value));
      if (lon === null) this.problem(`${lonColumn} is empty`);
      else if (typeof lon === 'string') this.problem(`${lonColumn} ${lon}`);
      if (lat === null) this.problem(`${latColumn} is empty`);
      else if (typeof lat === 'string') this.problem(`${latColumn} ${lat}`);
      if (typeof lon !== 'number' || typeof lat !== 'number') return false;
      x = lon;
      y = lat;
    } else {
      const column = this.mapping.geometry.kind === 'geometry' ? this.mapping.geometry.column : '';
      const name = column === GEOMETRY_KEY ? 'geometry' : column;
      const parsed = parseGeometry(this.getGeometry!(value));
      if (parsed === null) this.problem(`${name} is empty`);
      else if (typeof parsed === 'string') this.problem(`${name}: ${parsed}`);
      if (parsed === null || typeof parsed === 'string') return false;
      if (parsed.srid !== undefined) {
        if (!(SRIDS as readonly number[]).includes(parsed.srid)) {
          this.problem(`${name}: SRID=${parsed.srid} is not supported (${SRIDS.join(', ')})`);
          return false;
        }
        srid = parsed.srid as Srid;
      }
      x = parsed.x;
      y = parsed.y;
    }
    if (srid === 4326 || srid === 4490) {
      this.lon = x;
      this.lat = y;
    } else {
      [this.lon, this.lat] = toWgs84(srid, x, y);
    }
    if (!inExtent(this.ctx.extent, this.lon, this.lat)) {
      this.problem(outsideReason(this.ctx.extent, srid, x, y, this.lon, this.lat));
      return false;
    }
    return true;
  }

  private category(value: SourceRecord['value']): string | null {
    const given = this.getCategory ? text(this.getCategory(value)) : '';
    if (given === '') {
      if (this.ctx.defaultCategory) return this.ctx.defaultCategory;
      this.problem(`the category (${this.mapping.category}) is empty and the import has no default category`);
      return null;
    }
    const code = this.ctx.categories.resolve(given);
    if (code === undefined) this.problem(`unknown category ${JSON.stringify(given.slice(0, 40))}`);
    return code ?? null;
  }
}
