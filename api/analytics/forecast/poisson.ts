/**
 * The Poisson distribution's upper tail and quantile, for the alerts' bound: a few lines, summed
 * in log space so that large means neither underflow nor overflow.
 */

const logPmf = (k: number, mean: number, logFactorial: number) => -mean + k * Math.log(mean) - logFactorial;

/** P(X ≤ k) for X ~ Poisson(mean). */
export function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  if (mean <= 0) return 1;
  let sum = 0;
  let logFactorial = 0;
  for (let j = 0; j <= k; j++) {
    if (j > 0) logFactorial += Math.log(j);
    sum += Math.exp(logPmf(j, mean, logFactorial));
  }
  return Math.min(1, sum);
}

/** P(X ≥ k) for X ~ Poisson(mean): the p-value of observing k or more. */
export function poissonTail(k: number, mean: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  // Below the mean the lower sum is short and the tail is near 1; above it, sum the tail itself
  // (1 − CDF would lose every digit of a tiny p-value).
  if (k <= mean) return Math.max(0, 1 - poissonCdf(k - 1, mean));
  let logFactorial = 0;
  for (let j = 2; j <= k; j++) logFactorial += Math.log(j);
  let sum = 0;
  for (let j = k; ; j++) {
    if (j > k) logFactorial += Math.log(j);
    const term = Math.exp(logPmf(j, mean, logFactorial));
    sum += term;
    if (term < sum * 1e-16 || term === 0) break;
  }
  return Math.min(1, sum);
}

/** The smallest k with P(X ≤ k) ≥ q: the upper bound a count stays within with probability q. */
export function poissonQuantile(mean: number, q: number): number {
  if (mean <= 0) return 0;
  let cdf = 0;
  let logFactorial = 0;
  for (let k = 0; ; k++) {
    if (k > 0) logFactorial += Math.log(k);
    cdf += Math.exp(logPmf(k, mean, logFactorial));
    if (cdf >= q - 1e-12) return k;
  }
}
