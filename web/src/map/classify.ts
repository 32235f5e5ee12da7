/** Class breaks for choropleth colouring, from the data (the demo's household counts are narrow). */

/** Quantile breaks for `classes` classes, rounded to a step that reads well in the legend; duplicates dropped. */
export function quantileBreaks(values: number[], classes: number): number[] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length < 2) return [];
  const range = sorted[sorted.length - 1] - sorted[0];
  const step = range <= 0 ? 1 : 10 ** Math.max(0, Math.floor(Math.log10(range)) - 1);
  const breaks: number[] = [];
  for (let i = 1; i < classes; i++) {
    const value = Math.round(sorted[Math.floor((i * sorted.length) / classes)] / step) * step;
    if (value > sorted[0] && value !== breaks[breaks.length - 1]) breaks.push(value);
  }
  return breaks;
}
