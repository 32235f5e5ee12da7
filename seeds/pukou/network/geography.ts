/**
 * The made-up but plausible geography of Pukou: where each street lies, how big it is, and how
 * many households live where. Pukou is on the north-west bank of the Yangtze facing Nanjing:
 * the dense streets line the river in the east, the rural ones spread north and west, and the
 * forested Laoshan ridge runs south-west to north-east through the middle.
 */
import { distance, type LocalFrame, type XY } from './planar.ts';

export interface StreetPlan {
  /** Where the street lies (lon/lat): the start of its power-diagram site. */
  site: [number, number];
  /** Relative size; scaled so all streets fill the outline. */
  area: number;
  /** The built-up centre of the street, around its centroid: households and radius (Gaussian sigma, km). */
  core?: { households: number; sigma: number };
  /** Built-up throughout: all its residents' communities get urban grids, whatever the density. */
  urban?: true;
}

/** Keyed by street code (GB/T 2260 + 3 digits). */
export const STREET_PLANS: Record<string, StreetPlan> = {
  // 泰山: by the Yangtze bridge, the densest
  '320111001': { site: [118.735, 32.123], area: 20, core: { households: 30_000, sigma: 1.6 }, urban: true },
  '320111002': { site: [118.702, 32.112], area: 30, core: { households: 18_000, sigma: 1.5 }, urban: true }, // 顶山
  '320111003': { site: [118.682, 32.068], area: 45, core: { households: 24_000, sigma: 1.9 }, urban: true }, // 沿江
  // 江浦: the old county town
  '320111004': { site: [118.625, 32.042], area: 80, core: { households: 40_000, sigma: 2.3 }, urban: true },
  // 桥林: south-west along the river, a town among farmland
  '320111005': { site: [118.535, 31.925], area: 200, core: { households: 10_000, sigma: 1.8 } },
  '320111006': { site: [118.545, 32.148], area: 110, core: { households: 5_000, sigma: 1.3 } }, // 汤泉: hot springs
  '320111007': { site: [118.738, 32.178], area: 55, core: { households: 14_000, sigma: 2.0 } }, // 盘城: semi-urban
  '320111008': { site: [118.44, 32.04], area: 130, core: { households: 4_000, sigma: 1.2 } }, // 星甸: rural
  '320111009': { site: [118.64, 32.178], area: 115, core: { households: 4_000, sigma: 1.2 } }, // 永宁: rural
  '320111400': { site: [118.575, 32.068], area: 55 }, // 老山林场: the forest ridge
  '320111401': { site: [118.515, 32.176], area: 20 }, // 汤泉农场
  '320111402': { site: [118.668, 32.112], area: 12 }, // 珍珠泉旅游度假区
  '320111403': { site: [118.598, 31.968], area: 25, core: { households: 8_000, sigma: 1.1 }, urban: true }, // 浦口经济开发区
  '320111404': { site: [118.705, 32.145], area: 12, core: { households: 8_000, sigma: 0.9 }, urban: true }, // 浦口高新区
  '320111450': { site: [118.655, 32.085], area: 10, core: { households: 7_000, sigma: 0.8 }, urban: true }, // 高新技术开发区
};

/** Farmland and villages everywhere else, households per km². */
const RURAL_DENSITY = 40;
/** The Laoshan ridge, lon/lat, and how much of the rural density it takes away. */
const LAOSHAN_AXIS: [[number, number], [number, number]] = [
  [118.48, 32.015],
  [118.63, 32.088],
];
const LAOSHAN_HALF_WIDTH_KM = 2.2;
const LAOSHAN_EMPTINESS = 0.9;

/**
 * Households per km² at a point of the local frame; smooth, so neighbours look alike. Each
 * street's core sits at the street's centroid, so built-up areas stay inside their street.
 */
export function householdDensity(frame: LocalFrame, streetCentres: Map<string, XY>): (point: XY) => number {
  const cores = [...streetCentres].flatMap(([code, centre]) => {
    const core = STREET_PLANS[code]?.core;
    if (!core) return [];
    return [{ centre, peak: core.households / (2 * Math.PI * core.sigma ** 2), twoSigma2: 2 * core.sigma ** 2 }];
  });
  const [ridgeA, ridgeB] = LAOSHAN_AXIS.map((p) => frame.toKm(p));
  return (point) => {
    let urban = 0;
    for (const core of cores) {
      const d2 = (point[0] - core.centre[0]) ** 2 + (point[1] - core.centre[1]) ** 2;
      urban += core.peak * Math.exp(-d2 / core.twoSigma2);
    }
    const ridge = Math.exp(-(distanceToSegment(point, ridgeA, ridgeB) ** 2) / (2 * LAOSHAN_HALF_WIDTH_KM ** 2));
    return RURAL_DENSITY * (1 - LAOSHAN_EMPTINESS * ridge) + urban * (1 - 0.5 * ridge);
  };
}

function distanceToSegment(p: XY, a: XY, b: XY): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
  return distance(p, [a[0] + t * dx, a[1] + t * dy]);
}
