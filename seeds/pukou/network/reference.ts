/** The real inputs: Pukou's outline and its official division codes (seeds/reference/nanjing). */
import fs from 'node:fs';
import * as polyclip from 'polyclip-ts';
import { openRing, signedArea, type Ring } from './planar.ts';

export interface StreetReference {
  code: string;
  name: string;
  kind: 'street' | 'special_zone';
}

export interface CommunityReference {
  code: string;
  name: string;
  kind: 'community' | 'village';
  streetCode: string;
}

export interface PukouReference {
  district: { code: string; name: string };
  /** Outer ring of the district, lon/lat, open and counter-clockwise, made valid. */
  outline: Ring;
  streets: StreetReference[];
  communities: CommunityReference[];
}

const referenceDir = new URL('../../reference/nanjing/', import.meta.url);

export function readPukouReference(): PukouReference {
  const outline = JSON.parse(fs.readFileSync(new URL('pukou-outline.geojson', referenceDir), 'utf8'));
  const feature = outline.features[0];
  if (feature.geometry.type !== 'Polygon') throw new Error('pukou-outline.geojson: expected one Polygon');

  const rows = fs
    .readFileSync(new URL('pukou-divisions.csv', referenceDir), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [code, name, level, parentCode] = line.trim().split(',');
      return { code, name, level, parentCode };
    });
  const district = rows.find((row) => row.level === 'district');
  if (!district) throw new Error('pukou-divisions.csv: no district row');
  const streets = rows
    .filter((row) => row.level === 'street')
    .map((row) => ({
      code: row.code,
      name: row.name,
      // Codes 4xx are the special zones (林场, 农场, 度假区, 开发区) that stand in for streets.
      kind: row.code.slice(6, 7) === '4' ? ('special_zone' as const) : ('street' as const),
    }));
  const communities = rows
    .filter((row) => row.level === 'community')
    .map((row) => ({
      code: row.code,
      name: row.name,
      kind: /村(委会|民委员会)?$/.test(row.name) ? ('village' as const) : ('community' as const),
      streetCode: row.parentCode,
    }));
  return {
    district: { code: district.code, name: district.name },
    outline: validOutline(feature.geometry.coordinates[0]),
    streets,
    communities,
  };
}

/**
 * The source ring is quantised to 1/1024° and has repeated points, zero-width spikes and a
 * self-crossing in the north-east; a union with itself resolves them. The largest resulting
 * polygon is the district (it is the only one for this outline).
 */
function validOutline(ring: [number, number][]): Ring {
  const [largest] = polyclip
    .union([ring])
    .map((polygon) => openRing(polygon[0]))
    .sort((a, b) => Math.abs(signedArea(b)) - Math.abs(signedArea(a)));
  return signedArea(largest) > 0 ? largest : largest.reverse();
}

/** 津浦社区居委会 → 津浦社区, 七联村委会 → 七联村: the short name people use for a community. */
export function shortCommunityName(name: string): string {
  return name.replace(/(居民委员会|居委会|村民委员会|委会)$/, '') || name;
}
