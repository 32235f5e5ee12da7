/** Statistics of the hotspot, emerging-hotspot and forecast analyses: pure functions, no database. */
export { giStar, giStarZ, meanAndDeviation } from './gi-star.ts';
export { normalCdf, twoSidedP } from './normal.ts';
export { adjustedP, confidenceBins, fdrCutoff, CONFIDENCE_LEVELS } from './fdr.ts';
export { binomialUpperTail, logGamma } from './binomial.ts';
export { mannKendall, type TrendTest } from './mann-kendall.ts';
export {
  EMERGING_CATEGORIES, TREND_ALPHA, classifyEmerging, emergingHotspots, spaceTimeGiStar,
  type EmergingCategory, type EmergingCell, type SpaceTimeCube,
} from './emerging.ts';
