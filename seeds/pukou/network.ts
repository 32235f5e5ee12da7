/**
 * The Pukou four-level network (district → 15 streets → 125 communities → 456 grids),
 * generated inside the real district outline, deterministic for a seed.
 *
 * Built top-down: streets are a fitted power diagram, communities and grids are Voronoi cells
 * of k-means sites cut to their parent. The grids form one exact coverage (neighbours share
 * identical vertices along every edge), and each community, street and the district is the
 * exact union of its grids, so every level nests in and tiles its parent by construction.
 */
import type { MultiPolygon as GeoJsonMultiPolygon } from 'geojson';
import { Random } from '../random.ts';
import { apportion, GRID_STANDARD, gridHouseholds, gridPopulation } from './network/allocation.ts';
import { planCommunities } from './network/communities.ts';
import type { IdPolygon } from './network/dissolve.ts';
import { householdDensity } from './network/geography.ts';
import { LocalFrame, type MultiPolygon } from './network/planar.ts';
import { readPukouReference, shortCommunityName } from './network/reference.ts';
import { partitionStreets } from './network/streets.ts';
import { subdivide, type Child } from './network/subdivide.ts';
import type { DivisionSeed, GridSeed, PukouNetwork } from './types.ts';

export const GRID_COUNT = 456;

export function generateNetwork(seed: number): PukouNetwork {
  const random = new Random(seed);
  const reference = readPukouReference();
  const frame = new LocalFrame(118.57, 32.05);
  const outline: MultiPolygon = [[reference.outline.map((p) => frame.toKm(p))]];
  const streets = partitionStreets(outline, reference.streets, frame, random.fork('streets'));
  const density = householdDensity(frame, streets.centres);
  const communities = planCommunities(
    reference.streets,
    streets.regions,
    reference.communities,
    density,
    random.fork('communities'),
  );

  // Grids per community follow its households; weighting samples by density^1.5 makes grids
  // of nearly equal households (density² would equalise them fully but gives ragged cells).
  const gridCounts = apportion(
    GRID_COUNT,
    communities.map((community) => community.households / GRID_STANDARD[community.gridKind].households),
  );
  const { coverage, children } = subdivide(
    communities.map((community) => community.region),
    gridCounts,
    { weight: (p) => density(p) ** 1.5, density, samplesPerChild: 60 },
    random.fork('grids'),
  );
  const degrees = coverage.xs.map((x, id) => frame.toDegrees([x, coverage.ys[id]]));
  const geometry = (polygons: IdPolygon[]): GeoJsonMultiPolygon => ({
    type: 'MultiPolygon',
    coordinates: polygons.map((rings) => rings.map((ring) => [...ring, ring[0]].map((id) => [...degrees[id]]))),
  });
  const gridsOf = (c: number) => children.flatMap((child, owner) => (child.parent === c ? [owner] : []));

  const people = random.fork('households');
  const grids: GridSeed[] = communities.flatMap((community, c) => {
    const owners = sortByPosition(gridsOf(c), children);
    const mean = owners.reduce((sum, owner) => sum + children[owner].households, 0) / owners.length;
    return owners.map((owner, n) => {
      const households = gridHouseholds(community.gridKind, children[owner].households / mean, people);
      return {
        code: `${community.code}${String(n + 1).padStart(3, '0')}`,
        name: `${shortCommunityName(community.name)}第${n + 1}网格`,
        communityCode: community.code,
        streetCode: community.streetCode,
        kind: community.gridKind,
        households,
        population: gridPopulation(community.gridKind, households, people),
        geometry: geometry(coverage.union([owner])),
      };
    });
  });

  const gridsOfStreet = (code: string) =>
    communities.flatMap((community, c) => (community.streetCode === code ? gridsOf(c) : []));
  const divisions: DivisionSeed[] = [
    {
      ...reference.district,
      level: 'district',
      kind: 'district',
      parentCode: null,
      geometry: geometry(coverage.union(children.keys())),
    },
    ...reference.streets.map((street) => ({
      code: street.code,
      name: street.name,
      level: 'street' as const,
      kind: street.kind,
      parentCode: reference.district.code,
      geometry: geometry(coverage.union(gridsOfStreet(street.code))),
    })),
    ...communities.map((community, c) => ({
      code: community.code,
      name: community.name,
      level: 'community' as const,
      kind: community.kind,
      parentCode: community.streetCode,
      geometry: geometry(coverage.union(gridsOf(c))),
    })),
  ];
  return { divisions, grids };
}

/** Grid numbers run north to south, then west to east, in bands of 0.8 km. */
function sortByPosition(owners: number[], children: Child[]): number[] {
  const band = (owner: number) => Math.round(-children[owner].site[1] / 0.8);
  return [...owners].sort((a, b) => band(a) - band(b) || children[a].site[0] - children[b].site[0]);
}
