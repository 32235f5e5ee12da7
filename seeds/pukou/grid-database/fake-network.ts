/**
 * A small stand-in network for the generator tests: one street, two communities and six
 * grids near Pukou, including a triangle, a grid with a hole and a two-part grid.
 */
import type { MultiPolygon, Position } from 'geojson';
import type { DivisionSeed, GridSeed, PukouNetwork } from '../types.ts';

function square(x: number, y: number, size: number): Position[] {
  return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]];
}

function multi(...polygons: Position[][][]): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: polygons };
}

export function fakeNetwork(): PukouNetwork {
  const x = 118.62, y = 32.06, s = 0.01;
  const street = '320111001';
  const communities = ['320111001005', '320111001013'];
  const shapes: Omit<GridSeed, 'code' | 'name' | 'communityCode' | 'streetCode'>[] = [
    { geometry: multi([square(x, y, s)]), kind: 'urban', households: 1800, population: 4500 },
    { geometry: multi([square(x + s, y, s)]), kind: 'urban', households: 1200, population: 3100 },
    { geometry: multi([[[x, y - s], [x + 2 * s, y - s], [x, y], [x, y - s]]]), kind: 'urban', households: 600, population: 1500 },
    { geometry: multi([square(x + 2 * s, y, 2 * s), square(x + 2.5 * s, y + 0.5 * s, s).reverse()]), kind: 'rural', households: 400, population: 1100 },
    { geometry: multi([square(x + 4 * s, y, s)], [square(x + 4 * s, y + 1.5 * s, 0.5 * s)]), kind: 'rural', households: 150, population: 420 },
    { geometry: multi([square(x + 2 * s, y - 3 * s, 3 * s)]), kind: 'rural', households: 90, population: 250 },
  ];
  const grids: GridSeed[] = shapes.map((g, i) => {
    const community = communities[i < 3 ? 0 : 1];
    return { ...g, code: `${community}${String(i + 1).padStart(3, '0')}`, name: `网格${i + 1}`, communityCode: community, streetCode: street };
  });
  const all = multi([square(x - s, y - 4 * s, 7 * s)]);
  const divisions: DivisionSeed[] = [
    { code: '320111', name: '浦口区', level: 'district', kind: 'district', parentCode: null, geometry: all },
    { code: street, name: '泰山街道', level: 'street', kind: 'street', parentCode: '320111', geometry: all },
    { code: communities[0], name: '津浦社区居委会', level: 'community', kind: 'community', parentCode: street, geometry: all },
    { code: communities[1], name: '七联村委会', level: 'community', kind: 'village', parentCode: street, geometry: all },
  ];
  return { divisions, grids };
}
