/**
 * The exact binomial test's upper tail, P(X ≥ k) for X ~ Binomial(n, p): R's
 * binom.test(k, n, p, alternative = "greater")$p.value. Summed in log space from k up (terms
 * fall away geometrically past the mode), with ln Γ by Lanczos' approximation (g = 7, n = 9;
 * relative error ~1e-15), so n in the tens of thousands stays exact to double precision.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (!(Number.isInteger(k) && Number.isInteger(n) && n >= 0 && p >= 0 && p <= 1)) throw new RangeError(`binomialUpperTail(${k}, ${n}, ${p})`);
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const terms: number[] = [];
  let max = -Infinity;
  for (let i = k; i <= n; i++) {
    const term = logChoose(n, i) + i * lp + (n - i) * lq;
    terms.push(term);
    if (term > max) max = term;
    if (term < max - 40) break; // past the mode, later terms add less than e^-40 of the sum
  }
  let sum = 0;
  for (const term of terms) sum += Math.exp(term - max);
  return Math.min(1, Math.exp(max) * sum);
}
