/**
 * Cost of the statistics behind the hotspot routes at district scale (`npx tsx
 * scripts/bench/emerging.ts [--radius 55] [--steps 52] [--rounds 5]`): an H3 disk of ~9,200
 * cells × 52 weekly steps of Poisson counts with a few planted clusters. Prints the median wall and CPU time
 * of Gi* on one step, space-time Gi* on the cube, and the whole emerging hot spot analysis.
 */
import { parseArgs } from 'node:util';
import { gridDisk, latLngToCell } from 'h3-js';
import { emergingHotspots, giStar, spaceTimeGiStar } from '../../api/analytics/statistics/index.ts';
import { Random } from '../../seeds/random.ts';
import { percentile, printTable } from './report.ts';

const { values } = parseArgs({ options: { radius: { type: 'string', default: '55' }, steps: { type: 'string', default: '52' }, rounds: { type: 'string', default: '5' } } });
const radius = Number(values.radius);
const steps = Number(values.steps);
const rounds = Number(values.rounds);

const cells = gridDisk(latLngToCell(32.06, 118.63, 9), radius);
const index = new Map(cells.map((cell, i) => [cell, i]));
const neighbours = cells.map((cell) => Int32Array.from(gridDisk(cell, 1).filter((near) => index.has(near)), (near) => index.get(near)!));
const random = new Random(1);
const clusters = Array.from({ length: 8 }, () => random.int(0, cells.length - 1));
const counts = new Float64Array(cells.length * steps);
for (let t = 0; t < steps; t++) {
  for (let i = 0; i < cells.length; i++) counts[t * cells.length + i] = random.poisson(1.5);
  clusters.forEach((centre, k) => {
    if (k % 2 === 0 || t > steps / 2) for (const j of neighbours[centre]) counts[t * cells.length + j] += random.poisson(6 + k);
  });
}

/** Median wall and CPU milliseconds: CPU time is the figure to trust on a shared, loaded machine. */
function median(run: () => unknown): [number, number] {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    run();
    const used = process.cpuUsage(cpuStarted);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  const middle = (values: number[]) => percentile(values.sort((a, b) => a - b), 50);
  return [middle(wall), middle(cpu)];
}

const firstStep = counts.subarray(0, cells.length);
const cube = { cells: cells.length, steps, counts };
const categories = new Map<string, number>();
for (const cell of emergingHotspots(cube, neighbours)) categories.set(cell.category, (categories.get(cell.category) ?? 0) + 1);
printTable(['step', 'wall ms', 'CPU ms'], [
  [`giStar, one step of ${cells.length} cells`, ...median(() => giStar(firstStep, neighbours))],
  [`spaceTimeGiStar, ${cells.length} × ${steps} bins`, ...median(() => spaceTimeGiStar(cube, neighbours))],
  ['emergingHotspots (Gi*, FDR, Mann-Kendall, categories)', ...median(() => emergingHotspots(cube, neighbours))],
]);
console.log('\ncategories:', Object.fromEntries(categories));
