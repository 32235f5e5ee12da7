/**
 * Communities: each street cut into as many regions as it has communities, and each region
 * given a community of the official list and the kind of grids it will have.
 */
import type { Random } from '../../random.ts';
import type { Coverage } from './coverage.ts';
import { STREET_PLANS } from './geography.ts';
import type { MultiPolygon, XY } from './planar.ts';
import type { CommunityReference, StreetReference } from './reference.ts';
import { subdivide, type Child } from './subdivide.ts';

/**
 * Outside the built-up streets, residents' communities denser than this (households per km²)
 * have urban grids; villages never do.
 */
const URBAN_DENSITY = 220;

export interface CommunityPlan extends CommunityReference {
  gridKind: 'urban' | 'rural';
  /** Region (km), a face of the community-level coverage. */
  region: MultiPolygon;
  /** Households the density puts in the region. */
  households: number;
}

/** One plan per reference community, in reference order. */
export function planCommunities(
  streets: StreetReference[],
  streetRegions: MultiPolygon[],
  communities: CommunityReference[],
  density: (point: XY) => number,
  random: Random,
): CommunityPlan[] {
  const byStreet = streets.map((street) => communities.filter((community) => community.streetCode === street.code));
  // Weighting samples by density makes communities smaller where it is dense.
  const { coverage, children } = subdivide(
    streetRegions,
    byStreet.map((list) => list.length),
    { weight: density, density, samplesPerChild: 150 },
    random,
  );
  return matchCommunities(children, byStreet).map(({ child, community }) => {
    const { households, sampledArea } = children[child];
    const urban = STREET_PLANS[community.streetCode].urban || households / sampledArea >= URBAN_DENSITY;
    return {
      ...community,
      gridKind: community.kind === 'community' && urban ? 'urban' : 'rural',
      region: regionOf(coverage, child),
      households,
    };
  });
}

function regionOf(coverage: Coverage, owner: number): MultiPolygon {
  return coverage.toMultiPolygon(coverage.union([owner]));
}

/**
 * Pairs each reference community with a region of its street: the densest regions go to the
 * residents' communities (社区), the sparsest to the villages (村). Returned in reference order.
 */
function matchCommunities(
  children: Child[],
  byStreet: CommunityReference[][],
): { child: number; community: CommunityReference }[] {
  const density = (index: number) => children[index].households / children[index].sampledArea;
  const matched: { child: number; community: CommunityReference }[] = [];
  byStreet.forEach((references, street) => {
    const regions = children
      .flatMap((child, index) => (child.parent === street ? [index] : []))
      .sort((a, b) => density(b) - density(a));
    const ordered = [...references].sort((a, b) => Number(a.kind === 'village') - Number(b.kind === 'village'));
    ordered.forEach((community, i) => matched.push({ child: regions[i], community }));
  });
  const order = new Map(byStreet.flat().map((community, i) => [community.code, i]));
  return matched.sort((a, b) => order.get(a.community.code)! - order.get(b.community.code)!);
}
