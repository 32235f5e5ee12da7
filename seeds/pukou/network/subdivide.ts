/**
 * Cuts each parent region into a given number of children: sites by weighted k-means on
 * samples of the parent, Voronoi cells of the sites cut to the parent, all children of all
 * parents in one coverage so shared edges match exactly across parents too.
 */
import type { Random } from '../../random.ts';
import { cutToParent, padded, voronoiCells } from './cells.ts';
import { Coverage } from './coverage.ts';
import { bboxOf, type MultiPolygon, type XY } from './planar.ts';
import { sampleRegion, weightedKMeans } from './sampling.ts';

export interface Child {
  parent: number;
  /** Where the child's Voronoi site is (km). */
  site: XY;
  /** Households estimated from the density over the child's samples. */
  households: number;
  /** Area of those samples, km² (close to the final polygon's). */
  sampledArea: number;
}

export interface Subdivision {
  /** Owners of the coverage faces are indexes into `children`. */
  coverage: Coverage;
  children: Child[];
}

export interface SubdivideOptions {
  /**
   * Sample weight for k-means. Cells of weighted k-means hold weight in proportion to about
   * its square root, so density² gives children of equal households and density alone gives
   * smaller children where it is dense, but not as small.
   */
  weight: (point: XY) => number;
  /** Households per km². */
  density: (point: XY) => number;
  samplesPerChild: number;
}

export function subdivide(
  parents: MultiPolygon[],
  counts: number[],
  options: SubdivideOptions,
  random: Random,
): Subdivision {
  const coverage = new Coverage();
  const children: Child[] = [];
  parents.forEach((region, parent) => {
    const stream = random.fork(`parent ${parent}`);
    const count = counts[parent];
    const { points, cellArea } = sampleRegion(region, Math.max(count * options.samplesPerChild, 60), stream);
    const first = children.length;
    const { centers, assignment } =
      count === 1
        ? { centers: [points[0] ?? ([0, 0] as XY)], assignment: new Int32Array(points.length) }
        : weightedKMeans(points, points.map(options.weight), count, stream);
    for (const site of centers) children.push({ parent, site, households: 0, sampledArea: 0 });
    points.forEach((point, i) => {
      const child = children[first + assignment[i]];
      child.households += options.density(point) * cellArea;
      child.sampledArea += cellArea;
    });

    if (count === 1) {
      for (const polygon of region) coverage.addPolygon(first, polygon);
      return;
    }
    voronoiCells(centers, padded(bboxOf(region), 1)).forEach((cell, c) => {
      for (const piece of cutToParent(cell, region)) coverage.addPolygon(first + c, piece);
    });
  });
  coverage.node();
  coverage.absorbDetached((owner) => children[owner].parent);
  return { coverage, children };
}
